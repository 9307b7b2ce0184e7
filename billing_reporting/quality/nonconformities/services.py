"""The steps of a nonconformity: opened (by a breached deadline, a complaint or by hand),
corrected, analysed with a corrective action, checked for effectiveness, closed. Every step is
a service that locks the row, checks the state and the user's right, and audits itself."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dms.cases.facts import CaseFact
from dms.departments.selectors import department_heads
from ghiseu.accounts.models import User
from ghiseu.audit.services import audit_record, audit_record_many

from .models import Nonconformity, NonconformitySource, NonconformityState
from .permissions import may_act, may_manage

MAX_TEXT = 5000
# A corrective action's term: from today to a year ahead (a later one is a typing slip).
LATEST_ACTION_DAYS = 366
S = NonconformityState


def _text(value: str, *, what: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("Completați %(what)s.") % {"what": what})
    if len(value) > MAX_TEXT:
        raise ValidationError(_("Textul are cel mult 5.000 de caractere."))
    return value


def _breach_text(fact: CaseFact) -> tuple[str, str]:
    title = _("Termen depășit: cererea %(number)s (%(service)s)") % {
        "number": fact.number,
        "service": fact.service_title or fact.service_code,
    }
    if fact.closed_on is not None:
        description = _("Termen legal: %(due)s. Închisă la %(closed)s, după termen.") % {
            "due": f"{fact.due_on:%d.%m.%Y}",
            "closed": f"{fact.closed_on:%d.%m.%Y}",
        }
    else:
        description = _("Termen legal: %(due)s. Cererea era încă deschisă după termen.") % {
            "due": f"{fact.due_on:%d.%m.%Y}"
        }
    return title[:200], description


def nonconformities_open_for_breaches(*, facts: Sequence[CaseFact]) -> int:
    """Open the deadline nonconformity of each of these breached cases that has none yet:
    exactly one per case, also when two runs race (the unique index keeps one, and only the
    run that wrote it audits it). Returns how many were opened."""
    if not facts:
        return 0
    known = set(
        Nonconformity.objects.filter(
            source=NonconformitySource.DEADLINE, case_id__in=[f.case_id for f in facts]
        ).values_list("case_id", flat=True)
    )
    missing = [f for f in facts if f.case_id not in known]
    if not missing:
        return 0
    heads = department_heads()
    texts = [_breach_text(fact) for fact in missing]
    table = Nonconformity._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (source, state, title, description, case_id, case_number,"  # noqa: S608
            " service_code, department_id, owner_id, opened_at, correction, root_cause,"
            " corrective_action, effectiveness)"
            " SELECT %s, %s, t.title, t.description, t.case_id, t.case_number, t.service_code,"
            " t.department_id, t.owner_id, %s, '', '', '', ''"
            " FROM unnest(%s::text[], %s::text[], %s::bigint[], %s::text[], %s::text[],"
            " %s::integer[], %s::integer[]) AS t(title, description, case_id, case_number,"
            " service_code, department_id, owner_id)"
            " ON CONFLICT (case_id) WHERE source = 'deadline' DO NOTHING RETURNING id, case_id",
            [
                NonconformitySource.DEADLINE,
                S.OPEN,
                timezone.now(),
                [title for title, _description in texts],
                [description for _title, description in texts],
                [f.case_id for f in missing],
                [f.number for f in missing],
                [f.service_code for f in missing],
                [f.department_id or 0 for f in missing],
                [heads.get(f.department_id or 0) for f in missing],
            ],
        )
        opened = cursor.fetchall()
    by_case = {f.case_id: f for f in missing}
    return audit_record_many(
        actor=None,
        action="nonconformity.opened",
        model=Nonconformity,
        items=[
            (
                pk,
                {
                    "source": "deadline",
                    "case": by_case[case_id].number,
                    "due": f"{by_case[case_id].due_on}",
                },
            )
            for pk, case_id in opened
        ],
    )


@transaction.atomic
def nonconformity_open_manual(
    *,
    actor: User,
    title: str,
    description: str,
    department_id: int | None,
    owner: User | None,
    case_number: str = "",
) -> Nonconformity:
    if not may_manage(actor):
        raise ValidationError(
            _("Doar administratorii și șefii de compartiment înregistrează neconformități.")
        )
    nonconformity = Nonconformity.objects.create(
        source=NonconformitySource.MANUAL,
        title=_text(title, what=_("titlul"))[:200],
        description=_text(description, what=_("descrierea")),
        department_id=department_id or 0,
        owner=owner,
        case_number=case_number[:40],
    )
    audit_record(
        actor=actor,
        action="nonconformity.opened",
        target=nonconformity,
        data={"source": "manual", "owner": owner.pk if owner else None},
    )
    return nonconformity


def nonconformity_open_for_complaint(*, survey: Any, title: str, description: str) -> Nonconformity:
    """A citizen's complaint from a survey, for the head of the case's department (in the
    caller's transaction)."""
    owner_id = department_heads().get(survey.department_id)
    nonconformity = Nonconformity.objects.create(
        source=NonconformitySource.COMPLAINT,
        title=title[:200],
        description=description,
        case_id=survey.case_id,
        case_number=survey.case_number,
        service_code=survey.service_code,
        department_id=survey.department_id,
        survey=survey,
        owner_id=owner_id,
    )
    audit_record(
        actor=None,
        action="nonconformity.opened",
        target=nonconformity,
        data={"source": "complaint", "case": survey.case_number, "owner": owner_id},
    )
    return nonconformity


def _locked(*, actor: User, nonconformity_id: int, states: set[str]) -> Nonconformity:
    nonconformity = Nonconformity.objects.select_for_update().filter(pk=nonconformity_id).first()
    if nonconformity is None or not may_act(actor, nonconformity):
        raise ValidationError(_("Neconformitatea nu există sau nu aveți acces la ea."))
    if nonconformity.state not in states:
        raise ValidationError(
            _("Pasul nu este posibil când neconformitatea este „%(state)s”.")
            % {"state": nonconformity.get_state_display()}
        )
    return nonconformity


@transaction.atomic
def nonconformity_assign(*, actor: User, nonconformity_id: int, owner: User) -> Nonconformity:
    if not may_manage(actor):
        raise ValidationError(
            _("Doar administratorii și șefii de compartiment aleg responsabilul.")
        )
    nonconformity = _locked(
        actor=actor,
        nonconformity_id=nonconformity_id,
        states={S.OPEN, S.CORRECTED, S.ACTION_PLANNED},
    )
    if not owner.is_active:
        raise ValidationError(_("Responsabilul ales nu mai are cont activ."))
    nonconformity.owner = owner
    nonconformity.save(update_fields=["owner"])
    audit_record(
        actor=actor, action="nonconformity.assigned", target=nonconformity, data={"owner": owner.pk}
    )
    return nonconformity


@transaction.atomic
def nonconformity_correct(*, actor: User, nonconformity_id: int, correction: str) -> Nonconformity:
    """What was done at once about this occurrence (e.g. the late answer was sent)."""
    nonconformity = _locked(actor=actor, nonconformity_id=nonconformity_id, states={S.OPEN})
    nonconformity.correction = _text(correction, what=_("corecția"))
    nonconformity.corrected_at = timezone.now()
    nonconformity.state = S.CORRECTED
    nonconformity.save(update_fields=["correction", "corrected_at", "state"])
    audit_record(actor=actor, action="nonconformity.corrected", target=nonconformity)
    return nonconformity


@transaction.atomic
def nonconformity_plan_action(
    *, actor: User, nonconformity_id: int, root_cause: str, action: str, due: date | None
) -> Nonconformity:
    """The cause found and what will remove it, with its term. Planned again after an
    ineffective check."""
    nonconformity = _locked(
        actor=actor, nonconformity_id=nonconformity_id, states={S.CORRECTED, S.ACTION_PLANNED}
    )
    if due is None:
        raise ValidationError(_("Stabiliți termenul acțiunii corective."))
    today = timezone.localdate()
    if due < today:
        raise ValidationError(_("Termenul acțiunii corective nu poate fi în trecut."))
    if due > today + timedelta(days=LATEST_ACTION_DAYS):
        raise ValidationError(_("Termenul acțiunii corective este cel mult peste un an."))
    nonconformity.root_cause = _text(root_cause, what=_("cauza principală"))
    nonconformity.corrective_action = _text(action, what=_("acțiunea corectivă"))
    nonconformity.action_due = due
    nonconformity.action_planned_at = timezone.now()
    nonconformity.state = S.ACTION_PLANNED
    nonconformity.save(
        update_fields=[
            "root_cause",
            "corrective_action",
            "action_due",
            "action_planned_at",
            "state",
        ]
    )
    audit_record(
        actor=actor,
        action="nonconformity.action_planned",
        target=nonconformity,
        data={"due": f"{due}"},
    )
    return nonconformity


@transaction.atomic
def nonconformity_check(
    *, actor: User, nonconformity_id: int, effective: bool, note: str
) -> Nonconformity:
    """The check of the corrective action: effective closes the nonconformity; not effective
    keeps it open for a new action."""
    nonconformity = _locked(
        actor=actor, nonconformity_id=nonconformity_id, states={S.ACTION_PLANNED}
    )
    note = _text(note, what=_("constatarea verificării"))
    stamp = f"{timezone.localdate():%d.%m.%Y}"
    verdict = _("eficace") if effective else _("ineficace")
    nonconformity.effectiveness = "\n".join(
        part for part in (nonconformity.effectiveness, f"{stamp} ({verdict}): {note}") if part
    )
    fields = ["effectiveness"]
    if effective:
        nonconformity.state, nonconformity.closed_at = S.CLOSED, timezone.now()
        fields += ["state", "closed_at"]
    nonconformity.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="nonconformity.closed" if effective else "nonconformity.check_failed",
        target=nonconformity,
        data={"effective": effective},
    )
    return nonconformity


@transaction.atomic
def nonconformity_close_without_action(
    *, actor: User, nonconformity_id: int, root_cause: str, reason: str
) -> Nonconformity:
    """After the correction, an analysis that finds no corrective action needed (an isolated
    occurrence); the reason is kept."""
    nonconformity = _locked(actor=actor, nonconformity_id=nonconformity_id, states={S.CORRECTED})
    nonconformity.root_cause = _text(root_cause, what=_("cauza principală"))
    nonconformity.effectiveness = _("Fără acțiune corectivă: %(reason)s") % {
        "reason": _text(reason, what=_("motivul"))
    }
    nonconformity.state, nonconformity.closed_at = S.CLOSED, timezone.now()
    nonconformity.save(update_fields=["root_cause", "effectiveness", "state", "closed_at"])
    audit_record(
        actor=actor, action="nonconformity.closed", target=nonconformity, data={"action": False}
    )
    return nonconformity
