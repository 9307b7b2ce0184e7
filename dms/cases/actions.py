"""The transitions of a case, one service each (see ``workflow`` for the state machine).

Every service takes the case id and the revision the user saw; the shared ``workflow.lock``
locks the row and refuses a stale revision or a wrong state; ``workflow.permit`` refuses a
user the transition's declaration does not allow.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dms import permissions
from dms.cases import workflow
from dms.cases.deadlines import next_working_day
from dms.cases.notices import citizen_notice
from dms.cases.workflow import WorkflowError
from dms.documents.files import CheckedFile
from dms.documents.letterhead.answer import answer_pdf
from dms.documents.letterhead.base import issuer_of
from dms.documents.services import document_add
from dms.models import Case, CaseStatus, Department, Direction, DocumentKind, RegistryEntry
from dms.registry.entries import RegistryLine, entry_register, summary_of
from dms.registry.search import entry_search_refresh
from ghiseu.accounts.models import User
from ghiseu.ops.tenancy import current_tenant_record

MAX_TEXT = 10_000
ANSWER_SUBJECT = 200  # what the answer letter quotes of the request


def _require(condition: bool, code: str, message: object) -> None:
    if not condition:
        raise WorkflowError(code, message)


def _text(value: str, *, required: bool, what: object) -> str:
    value = (value or "").strip()
    _require(bool(value) or not required, "missing_text", _("Scrieți %(what)s.") % {"what": what})
    _require(len(value) <= MAX_TEXT, "too_long", _("Textul are cel mult 10.000 de caractere."))
    return value


@transaction.atomic
def case_assign(
    *,
    case_id: int,
    user: User,
    revision: int | None,
    assignee: User,
    department: Department | None = None,
) -> Case:
    case = workflow.lock(case_id=case_id, user=user, action="assign", revision=revision)
    if department is not None and department.pk != case.department_id:
        _require(
            permissions.sees_all(user),
            "forbidden",
            _("Doar registratura mută cererea la alt compartiment."),
        )
        case.department = department
    # Whoever may assign it gives it to anyone of the department; a clerk who takes it, only
    # to themselves.
    if not (
        workflow.may(user, case, "assign")
        or (assignee == user and workflow.may(user, case, "take"))
    ):
        raise WorkflowError("forbidden", _("Nu aveți dreptul să faceți această acțiune."))
    _require(case.department_id is not None, "no_department", _("Alegeți întâi compartimentul."))
    _require(
        assignee.is_active and case.department_id in permissions.department_ids_of(assignee),
        "not_member",
        _("Persoana aleasă nu lucrează în compartimentul „%(department)s”.")
        % {"department": case.department},
    )
    case.assignee = assignee
    case.entry.department = str(case.department)
    case.entry.save(update_fields=["department"])
    event = workflow.record(
        case,
        user=user,
        action="assign",
        data={"assignee": assignee.pk, "department": case.department_id},
        update_fields=("assignee", "department"),
    )
    citizen_notice(case, event)
    return case


@transaction.atomic
def case_start(*, case_id: int, user: User, revision: int | None) -> Case:
    case = workflow.lock(case_id=case_id, user=user, action="start", revision=revision)
    workflow.permit(user, case, "start")
    workflow.record(case, user=user, action="start")
    return case


@transaction.atomic
def case_request_clarification(
    *, case_id: int, user: User, revision: int | None, message: str
) -> Case:
    case = workflow.lock(
        case_id=case_id, user=user, action="request_clarification", revision=revision
    )
    workflow.permit(user, case, "request_clarification")
    message = _text(message, required=True, what=_("ce completări cereți"))
    event = workflow.record(case, user=user, action="request_clarification", note=message)
    citizen_notice(case, event, message=message)
    return case


@transaction.atomic
def case_citizen_reply(*, case: Case, message: str, files: list[CheckedFile]) -> Case:
    """The citizen's answer to a request for clarification, from the tracking page (the
    tracking token is the citizen's authorization; the caller has checked it)."""
    locked = workflow.lock(case_id=case.pk, user=None, action="citizen_reply", revision=None)
    workflow.permit(None, locked, "citizen_reply")
    message = _text(message, required=not files, what=_("răspunsul dvs."))
    event = workflow.record(locked, user=None, action="citizen_reply", note=message)
    for checked in files:
        document_add(
            checked=checked, kind=DocumentKind.CLARIFICATION, user=None, case=locked, event=event
        )
    entry_search_refresh(locked.entry)
    citizen_notice(locked, event)
    return locked


def _outgoing_entry(case: Case, *, user: User, summary: str) -> RegistryEntry:
    """The outgoing registry line of an answer, linked to the incoming request."""
    return entry_register(
        line=RegistryLine(
            direction=Direction.OUTGOING,
            channel=case.entry.channel,
            sender_name=str(case.department or ""),
            summary=summary,
            department=str(case.department or ""),
            recipient=case.citizen_name,
            dispatch_date=timezone.localdate(),
            linked_entry=case.entry,
            file_code=case.entry.file_code,
        ),
        user=user,
    )


def _close_with_document(
    *,
    case_id: int,
    user: User,
    revision: int | None,
    action: str,
    text: str,
    upload: CheckedFile | None,
) -> Case:
    case = workflow.lock(case_id=case_id, user=user, action=action, revision=revision)
    workflow.permit(user, case, action)
    text = _text(text, required=False, what="")
    _require(
        upload is not None or bool(text),
        "missing_document",
        _("Un răspuns are nevoie de un document: încărcați-l sau scrieți textul lui."),
    )
    label = _("Răspuns") if action == "answer" else _("Respingere motivată")
    entry = _outgoing_entry(case, user=user, summary=f"{label}: {case.entry.summary}")
    if upload is None:
        tenant = current_tenant_record()
        upload = CheckedFile(
            name=f"raspuns-{entry.number}-{entry.year}.pdf",
            content=answer_pdf(
                issuer=issuer_of(tenant),
                number=entry.number,
                dated=timezone.localdate(entry.registered_at),
                recipient=case.citizen_name,
                reference=case.entry.display_number,
                subject=summary_of(case.entry.summary, limit=ANSWER_SUBJECT),
                body=text,
                signatory=workflow.actor_label(user),
            ),
            content_type="application/pdf",
            extension="pdf",
        )
    event = workflow.record(
        case, user=user, action=action, note=text, data={"outgoing": entry.display_number}
    )
    document_add(
        checked=upload, kind=DocumentKind.ANSWER, user=user, case=case, entry=entry, event=event
    )
    case.entry.resolution = f"{label} {entry.display_number}"[:300]
    case.entry.save(update_fields=["resolution"])
    entry_search_refresh(entry)
    entry_search_refresh(case.entry)
    citizen_notice(case, event, message=text)
    return case


def case_answer(
    *, case_id: int, user: User, revision: int | None, text: str, upload: CheckedFile | None
) -> Case:
    with transaction.atomic():
        return _close_with_document(
            case_id=case_id, user=user, revision=revision, action="answer", text=text, upload=upload
        )


def case_reject(
    *, case_id: int, user: User, revision: int | None, text: str, upload: CheckedFile | None
) -> Case:
    with transaction.atomic():
        return _close_with_document(
            case_id=case_id, user=user, revision=revision, action="reject", text=text, upload=upload
        )


@transaction.atomic
def case_forward_department(
    *, case_id: int, user: User, revision: int | None, department: Department, note: str
) -> Case:
    case = workflow.lock(case_id=case_id, user=user, action="forward_department", revision=revision)
    workflow.permit(user, case, "forward_department")
    _require(
        department.is_active and department.pk != case.department_id,
        "same_department",
        _("Alegeți alt compartiment."),
    )
    note = _text(note, required=False, what="")
    case.department, case.assignee = department, None
    case.entry.department = department.name
    case.entry.save(update_fields=["department"])
    workflow.record(
        case,
        user=user,
        action="forward_department",
        note=note,
        data={"department": department.pk},
        update_fields=("department", "assignee"),
    )
    return case


@transaction.atomic
def case_file(*, case_id: int, user: User, revision: int | None, reason: str) -> Case:
    """Filed without an answer (e.g. an anonymous petition, OG 27/2002 art. 7)."""
    case = workflow.lock(case_id=case_id, user=user, action="file", revision=revision)
    workflow.permit(user, case, "file")
    reason = _text(reason, required=True, what=_("motivul clasării"))
    event = workflow.record(case, user=user, action="file", note=reason)
    case.entry.resolution = _("Clasată: %(reason)s") % {"reason": reason[:250]}
    case.entry.save(update_fields=["resolution"])
    citizen_notice(case, event, message=reason)
    return case


@transaction.atomic
def case_extend(*, case_id: int, user: User, revision: int | None, reason: str) -> Case:
    """Extend the term once, by what the service's law allows (OG 27/2002: 15 days)."""
    case = workflow.lock(case_id=case_id, user=user, action="extend", revision=revision)
    workflow.permit(user, case, "extend")
    _require(
        case.extension_days > 0,
        "not_extendable",
        _("Legea nu permite prelungirea termenului pentru acest serviciu."),
    )
    _require(
        case.extended_at is None, "already_extended", _("Termenul a fost deja prelungit o dată.")
    )
    reason = _text(reason, required=True, what=_("motivul prelungirii"))
    previous = case.due_date
    case.due_date = next_working_day(case.due_date + timedelta(days=case.extension_days))
    case.extended_at = timezone.now()
    case.reminded_at = case.escalated_at = None
    event = workflow.record(
        case,
        user=user,
        action="extend",
        note=reason,
        data={"from": f"{previous}", "to": f"{case.due_date}"},
        update_fields=("due_date", "extended_at", "reminded_at", "escalated_at"),
    )
    citizen_notice(case, event, message=reason)
    return case


@transaction.atomic
def case_note(*, case_id: int, user: User, revision: int | None, text: str) -> Case:
    """An internal note: the staff see it, the citizen never does."""
    case = workflow.lock(case_id=case_id, user=user, action="note", revision=revision)
    workflow.permit(user, case, "note")
    workflow.record(case, user=user, action="note", note=_text(text, required=True, what=_("nota")))
    return case


@transaction.atomic
def case_message(*, case_id: int, user: User, revision: int | None, text: str) -> Case:
    """A message to the citizen, shown on the tracking page and sent by e-mail."""
    case = workflow.lock(case_id=case_id, user=user, action="message", revision=revision)
    workflow.permit(user, case, "message")
    text = _text(text, required=True, what=_("mesajul"))
    event = workflow.record(case, user=user, action="message", note=text)
    citizen_notice(case, event, message=text)
    return case


__all__ = [
    "CaseStatus",
    "WorkflowError",
    "case_answer",
    "case_assign",
    "case_citizen_reply",
    "case_extend",
    "case_file",
    "case_forward_department",
    "case_message",
    "case_note",
    "case_reject",
    "case_request_clarification",
    "case_start",
]
