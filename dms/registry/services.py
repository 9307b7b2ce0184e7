"""The registry book (registru de intrare-ieșire) kept by the registratura: what arrives on
paper, by e-mail or by post, the letters that leave, and the book read for a period.

Writes are services (one transaction each: the number, the line, the case when a department
is chosen, the documents, the audit event and the search text); reads are selectors. Online
filings take their numbers from the same yearly counter, so the book has no gaps.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dms import permissions
from dms.cases.deadlines import due_date
from dms.cases.links import tracking_url
from dms.cases.services import registration_confirm, registry_number_take
from dms.documents.files import CASES, CheckedFile, file_store
from dms.documents.services import document_add
from dms.models import (
    Case,
    CaseEvent,
    Channel,
    Department,
    Direction,
    DocumentKind,
    RegistryEntry,
)
from dms.registry.search import entry_search_refresh
from dms.registry.selectors import linked_entry_find
from ghiseu.audit.services import audit_record

# Channels the registratura registers by hand; online and platform entries come by themselves.
MANUAL_CHANNELS = (Channel.PAPER, Channel.EMAIL, Channel.POST)
DEFAULT_TERM_DAYS = 30
PETITION_EXTENSION_DAYS = 15  # OG 27/2002, once
PAPER_SERVICE_CODE = "registratura"


@dataclass(frozen=True)
class IncomingLetter:
    channel: str
    sender_name: str
    summary: str
    pages: int = 1
    annexes: int = 0
    sender_reference: str = ""
    sender_date: date | None = None
    resolution: str = ""
    file_code: str = ""
    department: Department | None = None
    term_days: int | None = None  # None: 30 calendar days
    petition: bool = True  # OG 27/2002 allows one extension of 15 days
    citizen_email: str = ""
    citizen_phone: str = ""
    files: tuple[CheckedFile, ...] = ()


@dataclass(frozen=True)
class OutgoingLetter:
    channel: str
    recipient: str
    summary: str
    pages: int = 1
    annexes: int = 0
    dispatch_date: date | None = None  # None: today
    department: Department | None = None
    linked: str = ""  # the incoming entry answered: "12/2026", or "12" for this year
    file_code: str = ""
    files: tuple[CheckedFile, ...] = ()


def _common_errors(letter: IncomingLetter | OutgoingLetter, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if letter.channel not in MANUAL_CHANNELS:
        errors["channel"] = _("Alegeți cum a sosit sau cum pleacă documentul.")
    if not letter.summary.strip():
        errors["summary"] = _("Scrieți pe scurt conținutul documentului.")
    if not 1 <= letter.pages <= 32767:
        errors["pages"] = _("Numărul de file este cel puțin 1.")
    if not 0 <= letter.annexes <= 32767:
        errors["annexes"] = _("Numărul de anexe nu poate fi negativ.")
    if letter.department is not None and not letter.department.is_active:
        errors["department"] = _("Compartimentul ales nu mai este activ.")
    return errors


def _incoming_errors(letter: IncomingLetter, today: date) -> dict[str, str]:
    errors = _common_errors(letter, today)
    if not letter.sender_name.strip():
        errors["sender_name"] = _("Scrieți cine a trimis documentul.")
    if letter.sender_date is not None and letter.sender_date > today:
        errors["sender_date"] = _("Data documentului emitentului nu poate fi în viitor.")
    if letter.term_days is not None and not 1 <= letter.term_days <= 365:
        errors["term_days"] = _("Termenul este între 1 și 365 de zile.")
    if letter.department is None and (letter.citizen_email or letter.term_days):
        errors["department"] = _(
            "Alegeți compartimentul: termenul și anunțarea petentului țin de lucrarea deschisă "
            "la un compartiment."
        )
    return errors


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})


def _store_early(files: tuple[CheckedFile, ...]) -> None:
    # Before the counter's row lock: every other registration of this UAT waits on it. A file
    # stored for a transaction that then fails is harmless (its key is its content's hash).
    for checked in files:
        file_store(checked, folder=CASES)


def _attach(entry: RegistryEntry, files: tuple[CheckedFile, ...], *, user: Any, case: Any) -> None:
    for checked in files:
        document_add(
            checked=checked,
            kind=DocumentKind.ATTACHMENT
            if entry.direction == Direction.INCOMING
            else DocumentKind.INTERNAL,
            user=user,
            case=case,
            entry=entry,
            visible_to_citizen=case is not None,
        )


@transaction.atomic
def entry_register_incoming(*, user: Any, letter: IncomingLetter) -> RegistryEntry:
    """Register a document that arrived on paper, by e-mail or by post. With a department it
    also opens a case in that department's inbox, with its legal term."""
    if not permissions.may_register(user):
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate(now)
    _refuse(_incoming_errors(letter, today))
    _store_early(letter.files)
    entry = RegistryEntry.objects.create(
        year=today.year,
        number=registry_number_take(year=today.year),
        registered_at=now,
        direction=Direction.INCOMING,
        channel=letter.channel,
        sender_name=letter.sender_name.strip()[:200],
        sender_reference=letter.sender_reference.strip()[:60],
        sender_date=letter.sender_date,
        summary=letter.summary.strip()[:500],
        pages=letter.pages,
        annexes=letter.annexes,
        department=letter.department.name if letter.department else "",
        resolution=letter.resolution.strip()[:300],
        file_code=letter.file_code,
        registered_by=user,
    )
    case = _case_open(entry, letter, user=user, today=today) if letter.department else None
    _attach(entry, letter.files, user=user, case=case)
    entry_search_refresh(entry)
    audit_record(
        actor=user,
        action="registry.incoming_registered",
        target=entry,
        data={
            "number": entry.display_number,
            "channel": entry.channel,
            "case": case.pk if case else None,
            "files": len(letter.files),
        },
    )
    return entry


def _case_open(entry: RegistryEntry, letter: IncomingLetter, *, user: Any, today: date) -> Case:
    term = letter.term_days or DEFAULT_TERM_DAYS
    case = Case.objects.create(
        entry=entry,
        service_code=PAPER_SERVICE_CODE,
        service_title="Document înregistrat la registratură",
        service_version=1,
        department=letter.department,
        due_date=due_date(today, days=term, unit="calendar"),
        term_days=term,
        term_unit="calendar",
        extension_days=PETITION_EXTENSION_DAYS if letter.petition else 0,
        citizen_name=entry.sender_name[:150],
        citizen_email=letter.citizen_email,
        citizen_phone=letter.citizen_phone,
        answers={"content": entry.summary},
        submission_key=uuid.uuid4().hex,
    )
    CaseEvent.objects.create(
        case=case,
        kind="registered",
        actor=user,
        actor_label=str(getattr(user, "full_name", "") or user.get_username()),
        to_status=case.status,
        note=entry.get_channel_display(),
    )
    registration_confirm(case, service_title=entry.summary[:200], tracking_url=tracking_url(case))
    return case


@transaction.atomic
def entry_register_outgoing(*, user: Any, letter: OutgoingLetter, sender: str) -> RegistryEntry:
    """Register a letter that leaves the institution, linked to the entry it answers."""
    if not permissions.may_register(user):
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate(now)
    errors = _common_errors(letter, today)
    if not letter.recipient.strip():
        errors["recipient"] = _("Scrieți destinatarul.")
    linked = None
    if letter.linked.strip():
        linked = linked_entry_find(letter.linked, today=today)
        if linked is None:
            errors["linked"] = _(
                "Nu există o intrare cu numărul „%(number)s” (scrieți număr/an, "
                "de ex. 12/%(year)s)."
            ) % {"number": letter.linked.strip()[:20], "year": today.year}
    _refuse(errors)
    _store_early(letter.files)
    department = letter.department.name if letter.department else ""
    entry = RegistryEntry.objects.create(
        year=today.year,
        number=registry_number_take(year=today.year),
        registered_at=now,
        direction=Direction.OUTGOING,
        channel=letter.channel,
        sender_name=(department or sender)[:200],
        summary=letter.summary.strip()[:500],
        pages=letter.pages,
        annexes=letter.annexes,
        department=department,
        dispatch_date=letter.dispatch_date or today,
        recipient=letter.recipient.strip()[:200],
        linked_entry=linked,
        file_code=letter.file_code or (linked.file_code if linked else ""),
        registered_by=user,
    )
    _attach(entry, letter.files, user=user, case=None)
    entry_search_refresh(entry)
    audit_record(
        actor=user,
        action="registry.outgoing_registered",
        target=entry,
        data={
            "number": entry.display_number,
            "channel": entry.channel,
            "linked": linked.display_number if linked else None,
            "files": len(letter.files),
        },
    )
    return entry
