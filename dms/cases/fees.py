"""A case's fee, as dms knows it: what is owed and whether it is paid. The payment itself is
the payments app's; it calls this once the money is in (dms imports no payments code)."""

from __future__ import annotations

from django.db import transaction

from dms.cases.workflow import event_add
from dms.models import Case
from ghiseu.audit.services import audit_record


@transaction.atomic
def case_fee_paid(*, case_id: int, reference: str) -> bool:
    """The fee of the case is paid: the case may now be worked on. Once (False after)."""
    case = Case.objects.select_for_update(of=("self",)).select_related("entry").get(pk=case_id)
    if case.fee_state != "awaiting":
        return False
    case.fee_state, case.fee_reference = "paid", reference[:32]
    case.revision += 1
    case.save(update_fields=["fee_state", "fee_reference", "revision"])
    event_add(case, kind="fee_paid", label="platforma", note=reference)
    audit_record(
        actor=None,
        action="case.fee_paid",
        target=case,
        data={"number": case.entry.display_number, "reference": reference},
    )
    return True


@transaction.atomic
def case_fee_reference_set(*, case_id: int, reference: str) -> None:
    """The reference the citizen pays the awaited fee with (printed on the receipt)."""
    Case.objects.filter(pk=case_id, fee_state="awaiting").update(fee_reference=reference[:32])
