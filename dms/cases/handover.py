"""A colleague who leaves hands their open cases over: called through the accounts' work
registry when an administrator deactivates them (the platform core never imports dms)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dms import permissions
from ghiseu.accounts.work import WorkProvider, register_work_provider
from ghiseu.audit.services import audit_record

from .models import CLOSED_STATUSES, Case
from .workflow import event_add


def _open_cases_of(user: Any) -> Any:
    return Case.objects.filter(assignee=user).exclude(status__in=CLOSED_STATUSES)


def open_cases_count(user: Any) -> int:
    return int(_open_cases_of(user).count())


@transaction.atomic
def cases_hand_over(*, user: Any, to: Any, actor: Any) -> int:
    """Every open case of ``user`` to ``to``, who must work in each case's department."""
    cases = list(
        _open_cases_of(user).select_for_update(of=("self",)).select_related("department", "entry")
    )
    if not permissions.sees_all(to):
        theirs = permissions.department_ids_of(to)
        outside = sorted({str(c.department) for c in cases if c.department_id not in theirs})
        if outside:
            raise ValidationError(
                {
                    "reassign_to": _(
                        "Colegul ales nu lucrează în compartimentele: %(names)s. Alegeți pe "
                        "altcineva sau adăugați-l întâi în compartiment."
                    )
                    % {"names": ", ".join(outside)}
                },
                code="not_member",
            )
    for case in cases:
        case.assignee = to
        case.revision += 1
        case.save(update_fields=["assignee", "revision"])
        event_add(
            case,
            kind="handed_over",
            user=actor,
            visible_to_citizen=False,
            from_status=case.status,
            to_status=case.status,
            note=_("Preluată de la %(from)s (cont dezactivat).") % {"from": user},
        )
        audit_record(
            actor=actor,
            action="case.handed_over",
            target=case,
            data={"number": case.entry.display_number, "from": user.pk, "to": to.pk},
        )
    return len(cases)


def register() -> None:
    register_work_provider(
        WorkProvider(name="dms.cases", count_open=open_cases_count, reassign=cases_hand_over)
    )
