"""Finishing a proven submission: register it, ask for its fee before or after registration
(as the UAT's offer says), and index it in a signed-in citizen's county-wide list.

- no fee: registered at once;
- fee after registration: registered at once with its fee awaited (the clerks do not work on
  it until paid), and a payment for the case;
- fee before registration: held (HeldSubmission) with a payment for it; the payment, once
  paid, registers it (``held_register``, the "submission" purpose), whoever notices the
  payment first (the processor's callback, the citizen's return, the reconciliation job).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from citizens.services import filed_request_record
from dms.cases.fees import case_fee_paid, case_fee_reference_set
from dms.cases.links import tracking_url
from dms.models import Case
from ghiseu.ops.tenancy import current_tenant_record, tenant_db
from payments.models import Payment
from payments.purposes import purpose_register
from payments.services import payment_require

from .drafts.models import HeldSubmission
from .offers.models import Offering, PaymentTiming
from .submission import Pending, offering_fee, pending_register


@dataclass(frozen=True)
class Finished:
    case: Case | None  # None while a fee due before registration is unpaid
    payment: Payment | None = None
    held_key: str = ""


def _payment_for(
    pending: Pending, offering: Any, *, purpose: str, return_path: str, case: Any = None
) -> Payment:
    fee = offering_fee(offering)
    assert fee is not None
    return payment_require(
        purpose=purpose,
        provider=offering.payment_route,
        amount=fee,  # the offer's, never what a browser sent
        description=offering.service.title_ro,
        payer_name=str(pending.answers.get("full_name", "")),
        payer_email=pending.email,
        case=case,
        return_path=return_path,
    )


def filing_finish(
    *, pending: Pending, offering: Any, tracking_url_template: str, language: str
) -> Finished:
    fee = offering_fee(offering)
    if fee is not None and offering.payment_timing == PaymentTiming.BEFORE:
        with transaction.atomic():
            HeldSubmission.objects.get_or_create(
                key=pending.key,
                defaults={
                    "service_code": offering.service.code,
                    "pending": pending.__dict__,
                    "tracking_url_template": tracking_url_template,
                    "language": language,
                },
            )
            payment = _payment_for(
                pending,
                offering,
                purpose=f"submission:{pending.key}",
                return_path=f"/plata/{pending.key}/",
            )
        return Finished(case=None, payment=payment, held_key=pending.key)
    case = pending_register(
        pending=pending,
        offering=offering,
        tracking_url_template=tracking_url_template,
        language=language,
        fee_state="awaiting" if fee is not None else "",
    )
    _index(case, pending, tracking_url_template)
    if fee is None:
        return Finished(case=case)
    payment = _payment_for(
        pending,
        offering,
        purpose=f"case:{case.pk}",
        return_path=f"/cerere/{case.tracking_token}/",
        case=case,
    )
    case_fee_reference_set(case_id=case.pk, reference=payment.reference)
    return Finished(case=case, payment=payment)


def _index(case: Case, pending: Pending, tracking_url_template: str) -> None:
    """A request filed while signed in joins its citizen's county-wide list."""
    if pending.citizen_ref is None:
        return
    uat = current_tenant_record()
    filed_request_record(
        citizen_id=pending.citizen_ref,
        schema_name=tenant_db().schema_name,
        case_id=case.pk,
        uat_name=uat.official_name if uat else "",
        number=case.entry.display_number,
        service_title=case.service_title,
        tracking_url=(
            tracking_url_template.format(token=case.tracking_token)
            if tracking_url_template
            else tracking_url(case)
        ),
        filed_at=case.created_at or timezone.now(),
    )


def held_register(payment: Payment) -> None:
    """The "submission" purpose: its fee is paid, register the held submission (once)."""
    key = payment.purpose.partition(":")[2]
    held = HeldSubmission.objects.select_for_update().filter(key=key).first()
    if held is None or held.case_id is not None:
        return
    offering = Offering.objects.select_related("service").get(service__code=held.service_code)
    pending = Pending(**held.pending)
    case = pending_register(
        pending=pending,
        offering=offering,
        tracking_url_template=held.tracking_url_template,
        language=held.language,
        fee_state="paid",
        fee_reference=payment.reference,
    )
    held.case_id = case.pk
    held.save(update_fields=["case_id"])
    Payment.objects.filter(pk=payment.pk).update(case=case)
    _index(case, pending, held.tracking_url_template)


def held_case(*, key: str) -> Case | None:
    held = HeldSubmission.objects.filter(key=key[:64]).first()
    if held is None or held.case_id is None:
        return None
    return Case.objects.select_related("entry").filter(pk=held.case_id).first()


def _case_fee_paid(payment: Payment) -> None:
    """The "case" purpose: the fee of a registered request is paid, its case may go on."""
    case_fee_paid(case_id=int(payment.purpose.partition(":")[2]), reference=payment.reference)


def purposes_register() -> None:
    """What a paid fee does, by purpose (called from the app's ready())."""
    purpose_register("case", on_paid=_case_fee_paid)
    purpose_register("submission", on_paid=held_register)
