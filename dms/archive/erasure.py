"""Erasing one case's personal data everywhere the UAT's schema copied it.

The case itself (name, contacts, answers, e-ID link), the citizen's own attachments, the
registry lines (incoming and outgoing), the case's history and audit events (append-only, so
overwritten only under ``retention_redaction``), the notifications sent about it; the other
apps' copies (payments, surveys and complaints, held submissions, the county-wide index of a
citizen's requests) through erasers they register here in their AppConfig.ready (dms imports
none of them). What stays: numbers, dates, kinds, statuses, services, departments, the
institution's answer: the registry book and the statistics.

Free text written about the citizen (a staff note, a summary quoting the request) keeps its
words but loses every value the citizen gave: the ``Scrubber`` knows them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dms.models import Case, CaseEvent, Document, DocumentKind, RegistryEntry
from dms.registry.search import entry_search_refresh
from ghiseu.audit.models import AuditEvent
from ghiseu.notifications.models import Notification

CITIZEN_DOCUMENTS = (DocumentKind.ATTACHMENT, DocumentKind.CLARIFICATION)
# The citizen's own words in the history: kept as events, emptied of text.
CITIZEN_EVENTS = ("citizen_replied",)
# A value shorter than this (a "da", a count) is no identifying datum worth hunting in text.
MIN_VALUE = 4
# The registry's summary quotes the start of the request: a long value is also found by its
# first characters, however the quote was cut.
QUOTE_MIN = 40


def _values(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from _values(value)


# Identifiers a citizen may also write inside free text (a petition quoting their CNP, a
# reply giving another address): found there, they are hunted everywhere else too.
_EMBEDDED = re.compile(
    r"\b\d{13}\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:\+40|\b0)7\d{2}[ .]?\d{3}[ .]?\d{3}\b"
)


def _phone_forms(phone: str) -> set[str]:
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    forms = {phone, digits}
    if digits.startswith("+40"):
        forms.add("0" + digits[3:])
    elif digits.startswith("0"):
        forms.add("+4" + digits)
    return forms


@dataclass(frozen=True)
class Scrubber:
    """Replaces, case-insensitively, every value the citizen gave with a placeholder."""

    exact: tuple[str, ...]  # whole values: the name, the e-mail, the phone, each answer
    words: tuple[str, ...]  # the name's parts, matched as whole words in free text
    replacement: str
    _pattern: re.Pattern[str] | None = field(default=None, compare=False)

    @classmethod
    def for_case(cls, case: Case, replacement: str) -> Scrubber:
        exact = {case.citizen_name, case.citizen_email, *_phone_forms(case.citizen_phone)}
        answers = set(_values(case.answers))
        # A part of an answer is quoted on its own ("Str. Libertății 17" of a full address);
        # a part of one word ("Reșița") names no one.
        exact |= answers | {
            part
            for value in answers
            for part in re.split(r"[,;\n]", value)
            if len(part.split()) > 1
        }
        exact |= {found for value in list(exact) for found in _EMBEDDED.findall(value or "")}
        exact |= {
            form
            for value in list(exact)
            if value.startswith(("+40", "07"))
            for form in _phone_forms(value)
        }
        exact = {value.strip() for value in exact if value and len(value.strip()) >= MIN_VALUE}
        words = {part for part in re.split(r"[\s,.;-]+", case.citizen_name) if len(part) >= 3}
        alternatives = [re.escape(value) for value in sorted(exact, key=len, reverse=True)]
        alternatives += [rf"\b{re.escape(word)}\b" for word in sorted(words, key=len, reverse=True)]
        pattern = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None
        return cls(tuple(exact), tuple(words), replacement, pattern)

    def matches_exactly(self, value: str) -> bool:
        folded = value.strip().casefold()
        return bool(folded) and any(folded == known.casefold() for known in self.exact)

    def text(self, value: str) -> str:
        if not value or self._pattern is None:
            return value
        value = self._pattern.sub(self.replacement, value)
        for known in self.exact:
            if len(known) > QUOTE_MIN:
                value = _quote_removed(value, known, self.replacement)
        return value

    def data(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.data(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        return value


def _quote_removed(text: str, value: str, replacement: str) -> str:
    """``text`` without any quote of ``value`` at least QUOTE_MIN characters long."""
    lowered, wanted = text.lower(), value.lower()
    start = lowered.find(wanted[:QUOTE_MIN])
    while start != -1:
        end = start + QUOTE_MIN
        while end < len(text) and end - start < len(wanted) and lowered[end] == wanted[end - start]:
            end += 1
        text = text[:start] + replacement + text[end:]
        lowered = text.lower()
        start = lowered.find(wanted[:QUOTE_MIN], start + len(replacement))
    return text


@dataclass(frozen=True)
class ErasedCase:
    """What an eraser of another app needs to find and clean its copies of one case."""

    case_id: int
    number: str
    submission_key: str
    pseudonym: str
    scrub: Scrubber


Eraser = Callable[[ErasedCase], int]
ERASERS: list[Eraser] = []


def eraser_register(eraser: Eraser) -> None:
    """Another app's copies of a case's personal data, cleaned in the retention job's
    transaction; returns how many rows it changed."""
    if eraser not in ERASERS:
        ERASERS.append(eraser)


def _remove_file(document: Document) -> None:
    # Stored by content: another document may share the file; delete it with the last one.
    shared = (
        Document.objects.filter(storage_key=document.storage_key)
        .exclude(pk=document.pk)
        .exclude(storage_key="")
        .exists()
    )
    key = document.storage_key
    if key and not shared:
        transaction.on_commit(lambda: default_storage.delete(key))


@dataclass
class Erased:
    documents: int = 0
    entries: int = 0
    events: int = 0
    audit_events: int = 0
    notifications: int = 0
    elsewhere: int = 0


def _documents(case: Case, erased: ErasedCase, counts: Erased) -> None:
    for document in Document.objects.filter(case=case):
        if document.kind in CITIZEN_DOCUMENTS:
            _remove_file(document)
            document.storage_key = ""
            document.name = _("anexă ștearsă")
            document.signature_detail = {}
            counts.documents += 1
        else:  # the institution's answer: its file is the archive's; its words lose the data
            document.name = erased.scrub.text(document.name)
            document.signature_detail = erased.scrub.data(document.signature_detail)
        document.text = ""  # only ever a search aid
        document.save(update_fields=["storage_key", "name", "signature_detail", "text"])


def _entries(case: Case, erased: ErasedCase, counts: Erased) -> list[RegistryEntry]:
    entries = list(
        RegistryEntry.objects.filter(Q(pk=case.entry_id) | Q(linked_entry=case.entry_id))
    )
    for entry in entries:
        for column in ("sender_name", "recipient"):
            value = getattr(entry, column)
            if erased.scrub.matches_exactly(value):
                setattr(entry, column, erased.pseudonym)
            else:
                setattr(entry, column, erased.scrub.text(value))
        entry.summary = erased.scrub.text(entry.summary)[:500]
        entry.resolution = erased.scrub.text(entry.resolution)[:300]
        entry.save(update_fields=["sender_name", "recipient", "summary", "resolution"])
        counts.entries += 1
    return entries


def _history(case: Case, erased: ErasedCase, counts: Erased) -> None:
    for event in CaseEvent.objects.filter(case=case):
        note = "" if event.kind in CITIZEN_EVENTS and event.actor_id is None else event.note
        note = erased.scrub.text(note)
        label = (
            erased.pseudonym
            if erased.scrub.matches_exactly(event.actor_label)
            else event.actor_label
        )
        if (note, label) != (event.note, event.actor_label):
            CaseEvent.objects.filter(pk=event.pk).update(note=note, actor_label=label[:254])
            counts.events += 1


def _audit(case: Case, erased: ErasedCase, counts: Erased, documents: list[int]) -> None:
    about = Q(object_type="dms.case", object_id=str(case.pk)) | Q(
        object_type="dms.document", object_id__in=[str(pk) for pk in documents]
    )
    # A citizen's data downloads are logged under their address: once no other case still
    # holds that address, the log keeps the download but no longer who asked.
    address = case.citizen_email
    if (
        address
        and not Case.objects.filter(citizen_email__iexact=address).exclude(pk=case.pk).exists()
    ):
        about |= Q(object_type="dms.subject_access", object_id__iexact=address)
    for event in AuditEvent.objects.filter(about):
        object_id = (
            erased.pseudonym[:64]
            if erased.scrub.matches_exactly(event.object_id)
            else event.object_id
        )
        data = erased.scrub.data(event.data)
        label = erased.scrub.text(event.actor_label)
        if (object_id, data, label) != (event.object_id, event.data, event.actor_label):
            AuditEvent.objects.filter(pk=event.pk).update(
                object_id=object_id, data=data, actor_label=label[:254]
            )
            counts.audit_events += 1


def notifications_erase(
    *, keys: Iterable[str], scrub: Scrubber | None = None, before: datetime | None = None
) -> int:
    """Notifications whose idempotency key starts with one of ``keys`` (and, with ``before``,
    created before it): the message goes, the fact that it was sent (kind, channel, status,
    times) stays; a citizen's address goes (without ``scrub``, every address)."""
    prefixes = Q()
    for key in keys:
        prefixes |= Q(idempotency_key__startswith=key)
    if not prefixes:
        return 0
    found = Notification.objects.filter(prefixes).exclude(body_text="", body_html="", recipient="")
    if before is not None:
        found = found.filter(created_at__lt=before)
    changed = 0
    for notification in found:
        recipient = notification.recipient
        if scrub is None or scrub.matches_exactly(recipient) or _phone_match(scrub, recipient):
            recipient = ""
        Notification.objects.filter(pk=notification.pk).update(
            recipient=recipient,
            subject=scrub.text(notification.subject) if scrub else "",
            body_text="",
            body_html="",
            last_error="",
        )
        changed += 1
    return changed


def _phone_match(scrub: Scrubber, recipient: str) -> bool:
    digits = "".join(ch for ch in recipient if ch.isdigit())
    return len(digits) >= 9 and any(
        digits == "".join(ch for ch in known if ch.isdigit()) for known in scrub.exact
    )


def case_personal_data_erase(*, case: Case, pseudonym: str) -> Erased:
    """Called by the retention job on a locked case, inside ``retention_redaction``."""
    erased = ErasedCase(
        case_id=case.pk,
        number=case.entry.display_number,
        submission_key=case.submission_key,
        pseudonym=pseudonym,
        scrub=Scrubber.for_case(case, _("[date personale șterse]")),
    )
    counts = Erased()
    document_ids = list(Document.objects.filter(case=case).values_list("pk", flat=True))
    _documents(case, erased, counts)
    _history(case, erased, counts)
    _audit(case, erased, counts, document_ids)
    counts.notifications = notifications_erase(keys=[f"case:{case.pk}:"], scrub=erased.scrub)
    counts.elsewhere = sum(eraser(erased) for eraser in ERASERS)
    entries = _entries(case, erased, counts)
    case.citizen_name = pseudonym
    case.citizen_email = ""
    case.citizen_phone = ""
    case.citizen_ref = None
    case.answers = {}
    case.save(
        update_fields=["citizen_name", "citizen_email", "citizen_phone", "citizen_ref", "answers"]
    )
    for entry in entries:  # rebuilt from what is left of the entry, the case, its documents
        entry_search_refresh(entry)
    return counts
