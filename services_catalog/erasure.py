"""The portal's copies of a case's personal data, erased with the case by the retention job
(registered in the app's ready()): the e-mailed code that proved the address, the submission
held until its fee was paid, the payment's payer, the line in the citizen's county-wide list."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from citizens.services import filed_request_forget
from dms.archive.erasure import ErasedCase, notifications_erase
from ghiseu.ops.tenancy import tenant_db
from payments.models import Payment, PaymentEvent
from services_catalog.drafts.models import HeldSubmission


def filing_copies_erase(erased: ErasedCase) -> int:
    changed = notifications_erase(keys=[f"email-code:{erased.submission_key}"], scrub=erased.scrub)
    changed += (
        HeldSubmission.objects.filter(key=erased.submission_key)
        .exclude(pending={})
        .update(pending={})
    )
    purposes = [f"case:{erased.case_id}", f"submission:{erased.submission_key}"]
    for payment in Payment.objects.filter(purpose__in=purposes):
        payment.payer_name = erased.pseudonym if payment.payer_name else ""
        payment.payer_email = ""
        payment.description = erased.scrub.text(payment.description)[:200]
        payment.save(update_fields=["payer_name", "payer_email", "description"])
        for event in PaymentEvent.objects.filter(payment=payment):
            data = erased.scrub.data(event.data)
            if data != event.data:
                PaymentEvent.objects.filter(pk=event.pk).update(data=data)
        changed += 1
    changed += filed_request_forget(schema_name=tenant_db().schema_name, case_id=erased.case_id)
    return changed


# A code lives 15 minutes; its e-mail (the address, the code) is kept a day for the delivery
# log, then emptied: it proved an address once and is worth nothing after.
EMAIL_CODE_LOG = timedelta(days=1)


def email_codes_expire(*, now: datetime | None = None) -> int:
    return notifications_erase(
        keys=["email-code:"], before=(now or timezone.now()) - EMAIL_CODE_LOG
    )
