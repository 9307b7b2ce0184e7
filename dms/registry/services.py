"""The registry book (registru de intrare-ieșire) kept by the registratura: what arrives on
paper, by e-mail or by post, the letters that leave, and the book read for a period.

Writes are services (one transaction each: the number, the line, the case when a department
is chosen, the documents, the audit event and the search text); reads are selectors. Online
filings take their numbers from the same yearly counter, so the book has no gaps.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dms import permissions
from dms.cases.services import Intake, case_open
from dms.documents.files import CASES, CheckedFile, file_store
from dms.documents.services import document_add
from dms.models import (
    Channel,
    Department,
    Direction,
    DocumentKind,
    RegistryEntry,
)
from dms.registry.entries import RegistryLine, entry_register
from dms.registry.search import entry_search_refresh
from dms.registry.selectors import linked_entry_find
from ghiseu.accounts.models import User
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


# Dates the registry takes: a sender's letter is not older than the archives that could hold
# it, nor from the future; a letter leaves within a month of its registration either way.
SENDER_DATE_EARLIEST = date(1900, 1, 1)
DISPATCH_WITHIN = timedelta(days=31)


def dispatch_bounds(today: date) -> tuple[date, date]:
    return today - DISPATCH_WITHIN, today + DISPATCH_WITHIN


def _day(value: date) -> str:
    return f"{value:%d.%m.%Y}"


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
    elif letter.sender_date is not None and letter.sender_date < SENDER_DATE_EARLIEST:
        errors["sender_date"] = _("Data documentului emitentului este între %(a)s și azi.") % {
            "a": _day(SENDER_DATE_EARLIEST)
        }
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
def entry_register_incoming(*, user: User, letter: IncomingLetter) -> RegistryEntry:
    """Register a document that arrived on paper, by e-mail or by post. With a department it
    also opens a case in that department's inbox, with its legal term."""
    if not permissions.may_register(user):
        raise PermissionDenied
    _refuse(_incoming_errors(letter, timezone.localdate()))
    _store_early(letter.files)
    line = RegistryLine(
        channel=letter.channel,
        sender_name=letter.sender_name.strip(),
        sender_reference=letter.sender_reference.strip(),
        sender_date=letter.sender_date,
        summary=letter.summary.strip(),
        pages=letter.pages,
        annexes=letter.annexes,
        resolution=letter.resolution.strip(),
        file_code=letter.file_code,
    )
    case = case_open(intake=_intake(line, letter, user=user)) if letter.department else None
    entry = case.entry if case is not None else entry_register(line=line, user=user)
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


def _intake(line: RegistryLine, letter: IncomingLetter, *, user: User) -> Intake:
    """The case a registered document opens in its department's inbox."""
    return Intake(
        channel=line.channel,
        service_code=PAPER_SERVICE_CODE,
        service_title="Document înregistrat la registratură",
        service_version=1,
        term_days=letter.term_days or DEFAULT_TERM_DAYS,
        term_unit="calendar",
        extension_days=PETITION_EXTENSION_DAYS if letter.petition else 0,
        department=letter.department,
        citizen_name=line.sender_name,
        citizen_email=letter.citizen_email,
        citizen_phone=letter.citizen_phone,
        answers={"content": line.summary[:500]},
        summary=line.summary,
        submission_key=uuid.uuid4().hex,
        sender_reference=line.sender_reference,
        sender_date=line.sender_date,
        pages=line.pages,
        annexes=line.annexes,
        resolution=line.resolution,
        file_code=line.file_code,
        registered_by=user,
        event_note=str(Channel(line.channel).label),
        confirmation_title=line.summary[:200],
    )


@transaction.atomic
def entry_register_outgoing(*, user: User, letter: OutgoingLetter, sender: str) -> RegistryEntry:
    """Register a letter that leaves the institution, linked to the entry it answers."""
    if not permissions.may_register(user):
        raise PermissionDenied
    today = timezone.localdate()
    errors = _common_errors(letter, today)
    if not letter.recipient.strip():
        errors["recipient"] = _("Scrieți destinatarul.")
    earliest, latest = dispatch_bounds(today)
    if letter.dispatch_date is not None and not earliest <= letter.dispatch_date <= latest:
        errors["dispatch_date"] = _(
            "Data expedierii este cel mult cu o lună înainte sau după azi: între %(a)s și %(b)s."
        ) % {"a": _day(earliest), "b": _day(latest)}
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
    entry = entry_register(
        line=RegistryLine(
            direction=Direction.OUTGOING,
            channel=letter.channel,
            sender_name=department or sender,
            summary=letter.summary.strip(),
            pages=letter.pages,
            annexes=letter.annexes,
            department=department,
            dispatch_date=letter.dispatch_date or today,
            recipient=letter.recipient.strip(),
            linked_entry=linked,
            file_code=letter.file_code or (linked.file_code if linked else ""),
        ),
        user=user,
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
