"""Opening a case, whatever the channel: a request filed online, a document registered at the
registratura (paper, e-mail, post), a request forwarded by another UAT on the platform.

``case_open`` takes the number, writes the registry line, the case, its documents, the first
event of its history, the audit event and the citizen's confirmation, in one transaction, and
queues what leaves the process (document reading) after COMMIT. It opens a case once per
submission key: a replayed submit, a double click or a retried forward returns the case already
opened and consumes no second number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from dms.cases.deadlines import due_date
from dms.cases.facts import case_changed_announce
from dms.cases.links import tracking_url
from dms.cases.notices import citizen_notice, registration_confirm
from dms.cases.selectors import inbox_service_seen
from dms.cases.workflow import event_add
from dms.documents.files import file_promote
from dms.models import Case, Channel, Department, Document
from dms.registry.entries import (
    NumberedRow,
    NumberedText,
    NumberLengthChanged,
    RegistryLine,
    entry_number,
    entry_prepare,
)
from dms.registry.search import search_text_after_number
from ghiseu.accounts.models import User
from ghiseu.audit.models import AuditEvent
from ghiseu.audit.services import audit_event_build
from ghiseu.notifications.models import Notification
from ghiseu.ops.tenancy import tenant_db

# What a document of an intake may say about itself: a stored file's description (name,
# sha256, content_type, size, storage_key), and for a forwarded one what was already known.
DOCUMENT_FIELDS = (
    "name",
    "sha256",
    "content_type",
    "size",
    "storage_key",
    "kind",
    "visible_to_citizen",
    "version",
    "text",
    "indexed_at",
    "signature_status",
    "signature_detail",
)


@dataclass(frozen=True)
class Origin:
    """The UAT on the platform that forwarded the request here (OG 27/2002 art. 6)."""

    institution: str
    schema: str
    reference: str  # its registry number there
    registered_on: date
    tracking_url: str
    forwarded_by: str
    note: str = ""  # the forwarding clerk's note


@dataclass(frozen=True)
class Intake:
    """Everything a case is opened from, for every channel."""

    channel: str
    service_code: str
    service_title: str
    service_version: int
    term_days: int
    term_unit: str
    citizen_name: str
    summary: str
    submission_key: str
    department: Department | None = None
    file_code: str = ""
    citizen_email: str = ""
    citizen_phone: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    # The form's fields in its order, each {"name", "label": {"ro", "en"}} (dms.cases.answers).
    answer_labels: list[dict[str, Any]] = field(default_factory=list)
    language: str = "ro"
    extension_days: int = 0  # what the law allows, once; 0: no extension
    # Stored files (DOCUMENT_FIELDS; "previous": the index of the version a copy follows).
    documents: tuple[Mapping[str, Any], ...] = ()
    # The registry line's own columns; the sender is the citizen unless said otherwise.
    sender_name: str = ""
    sender_reference: str = ""
    sender_date: date | None = None
    pages: int = 1
    annexes: int | None = None  # None: the documents counted
    resolution: str = ""
    registered_by: User | None = None  # the registrar at the counter; None: by itself
    event_note: str = ""
    origin: Origin | None = None
    tracking_url_template: str = ""  # with "{token}"; "": the UAT's primary domain
    confirmation_title: str = ""  # what the confirmation calls the request; "": service_title
    # Filed while signed in with an e-ID (the county's citizen id, the provider, the level).
    citizen_ref: int | None = None
    identity_provider: str = ""
    assurance_level: str = ""
    # A fee: its amount, and "awaiting" (payment after registration: the case waits) or
    # "paid" (paid before registration) with the payment's reference.
    fee_amount: Decimal | None = None
    fee_state: str = ""
    fee_reference: str = ""


def case_open(*, intake: Intake) -> Case:
    """Open the case of ``intake`` once per submission key (see the module's docstring); in
    the caller's transaction when there is one (a savepoint), else in its own."""
    existing = (
        Case.objects.filter(submission_key=intake.submission_key).select_related("entry").first()
    )
    if existing is not None:
        return existing
    intake = _with_files_promoted(intake)
    for _attempt in range(NUMBER_LENGTH_ATTEMPTS):
        try:
            with transaction.atomic():
                return _open(intake)
        except NumberLengthChanged:
            continue  # the year's numbers gained a digit meanwhile: again, with one more
        except IntegrityError:
            return Case.objects.select_related("entry").get(submission_key=intake.submission_key)
    raise RuntimeError("the registry number kept changing length")


# A year's numbers gain a digit five or six times a year: a second attempt is already rare.
NUMBER_LENGTH_ATTEMPTS = 5


def _with_files_promoted(intake: Intake) -> Intake:
    """Move the attachments out of the pending folder before the transaction: file copies
    cannot be rolled back, and a copy nobody registers is harmless (content-addressed)."""
    if not intake.documents:
        return intake
    promoted = [file_promote(dict(document)) for document in intake.documents]
    moved = {
        str(old["storage_key"]): str(new["storage_key"])
        for old, new in zip(intake.documents, promoted, strict=True)
    }
    return replace(intake, documents=tuple(promoted), answers=answers_moved(intake.answers, moved))


def answers_moved(answers: dict[str, Any], moved: Mapping[str, str]) -> dict[str, Any]:
    """The form's answers, with file answers pointing at the files' new keys."""

    def move(value: Any) -> Any:
        if isinstance(value, dict) and str(value.get("storage_key")) in moved:
            return {**value, "storage_key": moved[str(value["storage_key"])]}
        if isinstance(value, list):
            return [move(item) for item in value]
        return value

    return {name: move(value) for name, value in answers.items()}


def _open(intake: Intake) -> Case:
    # The number is the last write (dms.registry.entries): other registrations of this UAT
    # wait on the counter's row lock from the number to COMMIT. Until then the line is
    # prepared, and what names the number (the audit event, the citizen's confirmation)
    # carries its placeholder.
    due = due_date(timezone.localdate(), days=intake.term_days, unit=intake.term_unit)
    department = intake.department
    entry = entry_prepare(
        line=RegistryLine(
            channel=intake.channel,
            sender_name=intake.sender_name or intake.citizen_name,
            sender_reference=intake.sender_reference,
            sender_date=intake.sender_date,
            summary=intake.summary,
            pages=intake.pages,
            annexes=len(intake.documents) if intake.annexes is None else intake.annexes,
            department=department.name if department else "",
            resolution=intake.resolution,
            file_code=intake.file_code,
        ),
        user=intake.registered_by,
    )
    origin = intake.origin
    case = Case.objects.create(
        entry=entry,
        department=department if department is not None and department.is_active else None,
        service_code=intake.service_code,
        service_title=intake.service_title[:200],
        service_version=intake.service_version,
        due_date=due,
        term_days=intake.term_days,
        term_unit=intake.term_unit,
        extension_days=intake.extension_days,
        citizen_name=intake.citizen_name[:150],
        citizen_email=intake.citizen_email,
        citizen_phone=intake.citizen_phone,
        language=intake.language,
        answers=intake.answers,
        answer_labels=intake.answer_labels,
        submission_key=intake.submission_key,
        origin_institution=origin.institution[:200] if origin else "",
        origin_reference=origin.reference[:60] if origin else "",
        origin_tracking_url=origin.tracking_url[:300] if origin else "",
        citizen_ref=intake.citizen_ref,
        identity_provider=intake.identity_provider[:30],
        assurance_level=intake.assurance_level[:100],
        fee_amount=intake.fee_amount,
        fee_state=intake.fee_state,
        fee_reference=intake.fee_reference[:32],
    )
    documents = _documents_create(case, intake.documents)
    audit, notifications = (
        _opened(case, intake) if origin is None else _arrived(case, intake, origin)
    )
    entry_number(
        entry,
        search_text=search_text_after_number(
            entry,
            case=case,
            documents=[*(d.name for d in documents), *(d.text for d in documents)],
        ),
        rows=[NumberedRow(audit, ["data"])],
        texts=[
            NumberedText(Notification, n.pk, ["subject", "body_text", "body_html"])
            for n in notifications
        ],
    )
    code, schema, case_id = case.service_code, tenant_db().schema_name, case.pk

    def after_commit() -> None:
        with schema_context(schema):  # the cache key carries the schema current at the call
            inbox_service_seen(code)
            # The new case's quality fact, once its number is committed (outside the lock; the
            # nightly repair writes it if the process dies in between).
            with transaction.atomic():
                case_changed_announce(case_ids=[case_id])

    transaction.on_commit(after_commit, robust=True)
    return case


def _documents_create(case: Case, documents: tuple[Mapping[str, Any], ...]) -> list[Document]:
    created: list[Document] = []
    for description in documents:
        previous = description.get("previous")
        document = Document.objects.create(
            case=case,
            previous_version=created[previous] if previous is not None else None,
            **{name: description[name] for name in DOCUMENT_FIELDS if name in description},
        )
        created.append(document)
        if document.indexed_at is None:
            _queue_index(document.pk)
    return created


def _queue_index(document_id: int) -> None:
    from dms.documents.tasks import document_index

    schema = tenant_db().schema_name
    # A broker outage after COMMIT must not fail the registration: the sweeper reads it later.
    transaction.on_commit(
        lambda: document_index.apply_async(args=(document_id,), headers={"_schema_name": schema}),
        robust=True,
    )


def _opened(case: Case, intake: Intake) -> tuple[AuditEvent, list[Notification]]:
    """Filed here (online or at the registratura): the first event, the audit, the citizen's
    confirmation with the number."""
    event_add(
        case,
        kind="registered",
        user=intake.registered_by,
        label=None if intake.registered_by else Channel.ONLINE.value,
        to_status=case.status,
        note=intake.event_note,
    )
    audit = audit_event_build(
        actor=intake.registered_by,
        action="case.registered",
        target=case,
        data={
            "number": case.entry.display_number,
            "service": intake.service_code,
            "channel": intake.channel,
        },
    )
    template = intake.tracking_url_template
    return audit, registration_confirm(
        case,
        service_title=intake.confirmation_title or intake.service_title,
        tracking_url=template.format(token=case.tracking_token) if template else tracking_url(case),
    )


def _arrived(case: Case, intake: Intake, origin: Origin) -> tuple[AuditEvent, list[Notification]]:
    """Forwarded by another UAT: the history says from where, and the citizen is told in this
    UAT's name. The actor is a user of the other UAT: their id means nothing here."""
    with translation.override(case.language):
        arrival_note = translation.gettext(
            "Redirecționată de %(source)s, unde avea nr. %(reference)s."
        ) % {"source": origin.institution, "reference": origin.reference}
    event = event_add(
        case,
        kind="received_forwarded",
        label=origin.institution,
        to_status=case.status,
        note="\n\n".join(part for part in (arrival_note, origin.note) if part),
    )
    audit = audit_event_build(
        actor=None,
        action="case.received_forwarded",
        target=case,
        data={
            "number": case.entry.display_number,
            "from": origin.institution,
            "from_schema": origin.schema,
            "origin_reference": origin.reference,
            "forwarded_by": origin.forwarded_by,
            "documents": len(intake.documents),
        },
    )
    return audit, citizen_notice(case, event, extra=arrival_note)
