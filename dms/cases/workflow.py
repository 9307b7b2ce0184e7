"""The case workflow as an explicit state machine.

registered → assigned → in progress → waiting for the citizen → answered / rejected /
forwarded / filed without answer. Every transition is a service that locks the case row,
checks the revision the user saw, the current state and the user's permission, then writes the
change, an event in the case history, an audit event and, where the citizen should know, a
notice — all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dms import permissions
from dms.cases.facts import case_changed_announce
from dms.models import Case, CaseEvent, CaseStatus
from ghiseu.accounts.models import User
from ghiseu.audit.services import audit_record

S = CaseStatus
OPEN = frozenset({S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.WAITING})
WORKING = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.WAITING})


Who = Callable[[Any, Case], bool]


def _anyone(case: Case) -> bool:
    return True


@dataclass(frozen=True)
class Transition:
    """One transition, declared once: the case page offers it where ``may`` allows it, and its
    service refuses it where ``may`` does not (``permit``)."""

    sources: frozenset[str]
    target: str | None  # None: the status stays (a note, a message, an extension)
    event: str  # the kind of the event it writes in the history
    visible_to_citizen: bool
    may: Who  # who may do it, to this case (dms.permissions)
    # Beyond the status, when the case allows it at all (the service says why not).
    applies: Callable[[Case], bool] = _anyone


def _citizen(user: Any, case: Case) -> bool:
    return user is None  # the tracking token is the citizen's authorization


def _works_or_sees_all(user: Any, case: Case) -> bool:
    return permissions.may_work(user, case) or permissions.sees_all(user)


def _works_or_assigns(user: Any, case: Case) -> bool:
    return permissions.may_work(user, case) or permissions.may_assign(user, case)


def _takes(user: Any, case: Case) -> bool:
    """Taking is for a department's member who could not assign the case to anyone."""
    return permissions.may_take(user, case) and not permissions.may_assign(user, case)


def _staff(user: Any, case: Case) -> bool:
    return permissions.is_staff(user)


def _extendable(case: Case) -> bool:
    return case.extension_days > 0 and not case.extended_at


def _fee_settled(case: Case) -> bool:
    """A case whose fee is still awaited is not worked on (nor answered) until it is paid."""
    return case.fee_state != "awaiting"


TRANSITIONS: dict[str, Transition] = {
    "assign": Transition(OPEN, S.ASSIGNED, "assigned", True, permissions.may_assign),
    # The same step, when a clerk takes the case for themselves (the audit calls it assign).
    "take": Transition(OPEN, S.ASSIGNED, "assigned", True, _takes),
    "start": Transition(
        frozenset({S.ASSIGNED}),
        S.IN_PROGRESS,
        "started",
        True,
        permissions.may_work,
        _fee_settled,
    ),
    "request_clarification": Transition(
        frozenset({S.ASSIGNED, S.IN_PROGRESS}),
        S.WAITING,
        "clarification_requested",
        True,
        permissions.may_work,
    ),
    "citizen_reply": Transition(
        frozenset({S.WAITING}), S.IN_PROGRESS, "citizen_replied", True, _citizen
    ),
    "answer": Transition(WORKING, S.ANSWERED, "answered", True, permissions.may_work, _fee_settled),
    "reject": Transition(WORKING, S.REJECTED, "rejected", True, permissions.may_work),
    "forward_external": Transition(OPEN, S.FORWARDED, "forwarded", True, _works_or_sees_all),
    "forward_department": Transition(
        frozenset({S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS}),
        S.REGISTERED,
        "forwarded_internal",
        False,
        _works_or_assigns,
    ),
    "file": Transition(OPEN, S.FILED, "filed", True, _works_or_sees_all),
    "extend": Transition(
        WORKING | {S.REGISTERED}, None, "extended", True, permissions.may_work, _extendable
    ),
    "note": Transition(OPEN, None, "note", False, _staff),
    "message": Transition(OPEN, None, "message", True, permissions.may_work),
}


class WorkflowError(Exception):
    """A refused action, with a stable code and a message for the user."""

    def __init__(self, code: str, message: object) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = str(message)


def allowed_actions(user: Any, case: Case) -> set[str]:
    """The transitions ``user`` may do to ``case`` now: what the case page offers."""
    return {
        name
        for name, rule in TRANSITIONS.items()
        if case.status in rule.sources and rule.applies(case) and rule.may(user, case)
    }


def may(user: Any, case: Case, action: str) -> bool:
    return TRANSITIONS[action].may(user, case)


def permit(user: Any, case: Case, action: str) -> None:
    """Refuse ``action`` to a user its declaration does not allow, or that the case does not
    allow now (a fee still awaited)."""
    if not may(user, case, action):
        raise WorkflowError("forbidden", _("Nu aveți dreptul să faceți această acțiune."))
    if TRANSITIONS[action].applies is _fee_settled and not _fee_settled(case):
        raise WorkflowError(
            "fee_awaited",
            _("Cererea așteaptă plata taxei: se lucrează la ea după ce taxa este achitată."),
        )


def lock(*, case_id: int, user: User | None, action: str, revision: int | None) -> Case:
    """The case, locked until COMMIT, after the checks every transition shares."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock a case inside the transaction that changes it")
    case = (
        (
            permissions.cases_visible_to(user)
            .select_for_update(of=("self",))
            .select_related("entry", "department", "assignee")
            .filter(pk=case_id)
            .first()
        )
        if user is not None
        else (
            Case.objects.select_for_update(of=("self",))
            .select_related("entry")
            .filter(pk=case_id)
            .first()
        )
    )
    if case is None:
        raise WorkflowError("not_found", _("Cererea nu există sau nu aveți acces la ea."))
    if revision is not None and revision != case.revision:
        raise WorkflowError(
            "conflict",
            _(
                "Cererea a fost modificată între timp de altcineva. Reîncărcați pagina și "
                "verificați ce s-a schimbat."
            ),
        )
    if case.status not in TRANSITIONS[action].sources:
        raise WorkflowError(
            "invalid_transition",
            _("Acțiunea nu este posibilă când cererea este „%(status)s”.")
            % {"status": case.get_status_display()},
        )
    return case


def record(
    case: Case,
    *,
    user: User | None,
    action: str,
    note: str = "",
    data: dict[str, Any] | None = None,
    update_fields: tuple[str, ...] = (),
) -> CaseEvent:
    """Apply the transition's status, bump the revision, write the event and the audit."""
    rule = TRANSITIONS[action]
    before = case.status
    if rule.target is not None:
        case.status = rule.target
        if rule.target not in OPEN:
            case.closed_at = timezone.now()
    case.revision += 1
    case.save(update_fields=["status", "closed_at", "revision", *update_fields])
    event = event_add(
        case,
        kind=rule.event,
        user=user,
        visible_to_citizen=rule.visible_to_citizen,
        from_status=before,
        to_status=case.status,
        note=note,
    )
    if rule.target is not None and rule.target not in OPEN:
        from dms.archive.services import case_archive

        case_archive(case, user=user)  # into the file of its code and year, if the code exists
    audit_record(
        actor=user,
        action=f"case.{action}",
        target=case,
        data={
            "number": case.entry.display_number,
            "from": before,
            "to": case.status,
            **(data or {}),
        },
    )
    case_changed_announce(case_ids=[case.pk])
    return event


def actor_label(user: User | None, *, anonymous: str = "cetățean") -> str:
    """How the history, a letter or another UAT names who acted: the staff member's name (or
    e-mail address); ``anonymous`` for the citizen or the platform itself."""
    if user is None or not user.is_authenticated:
        return anonymous
    return str(user.full_name or user.get_username())


def event_add(
    case: Case,
    *,
    kind: str,
    user: User | None = None,
    label: str | None = None,
    visible_to_citizen: bool = True,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> CaseEvent:
    """Append one event to the case's history (the only writer of ``CaseEvent``); ``label``
    names an actor who is no user here (the platform, another UAT)."""
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        visible_to_citizen=visible_to_citizen,
        actor=user if user is not None and user.is_authenticated else None,
        actor_label=(label if label is not None else actor_label(user))[:254],
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
