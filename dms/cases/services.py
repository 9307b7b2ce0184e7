"""Registering a citizen's request: the number, the registry line, the case, its first event,
the confirmations and the usage, in one transaction. Nothing leaves before COMMIT."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from dms.cases.deadlines import due_date
from dms.cases.selectors import inbox_service_seen
from dms.documents.files import file_promote
from dms.models import Case, CaseEvent, Department, Document, RegistryCounter, RegistryEntry
from dms.registry.search import entry_search_refresh
from ghiseu.audit.services import audit_record
from ghiseu.notifications.services import notification_send
from ghiseu.ops.tenancy import tenant_db


def registry_number_take(*, year: int) -> int:
    """The next number of ``year``, under a row lock held until the caller's COMMIT: gapless,
    and a rolled-back transaction gives its number back."""
    if not connection.in_atomic_block:
        raise RuntimeError("take a registry number inside the transaction that uses it")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RegistryCounter._meta.db_table} (year, last_number) VALUES (%s, 0) "  # noqa: S608 (our table name)
            "ON CONFLICT (year) DO NOTHING",
            [year],
        )
    counter = RegistryCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@dataclass(frozen=True)
class Filing:
    service_code: str
    service_title: str
    service_version: int
    term_days: int
    term_unit: str
    department: str
    file_code: str
    citizen_name: str
    citizen_email: str
    citizen_phone: str
    answers: dict[str, Any]
    summary: str
    submission_key: str
    tracking_url_template: str  # with "{token}"
    language: str = "ro"
    extension_days: int = 0  # what the law allows, once; 0: no extension
    documents: tuple[dict[str, Any], ...] = ()  # StoredFile fields
    answer_labels: dict[str, Any] = field(default_factory=dict)  # {name: {"ro": .., "en": ..}}


def case_register(*, filing: Filing) -> Case:
    """Register once per submission key: a replayed or double-clicked submit returns the case
    already registered, and consumes no second number."""
    existing = (
        Case.objects.filter(submission_key=filing.submission_key).select_related("entry").first()
    )
    if existing is not None:
        return existing
    filing = _with_files_promoted(filing)
    try:
        return _register(filing)
    except IntegrityError:
        return Case.objects.select_related("entry").get(submission_key=filing.submission_key)


def _queue_index(document_id: int) -> None:
    from dms.documents.tasks import document_index

    schema = tenant_db().schema_name
    # A broker outage after COMMIT must not fail the registration: the sweeper reads it later.
    transaction.on_commit(
        lambda: document_index.apply_async(args=(document_id,), headers={"_schema_name": schema}),
        robust=True,
    )


def _with_files_promoted(filing: Filing) -> Filing:
    """Move the attachments out of the pending folder before the transaction: file copies
    cannot be rolled back, and a copy nobody registers is harmless (content-addressed)."""
    if not filing.documents:
        return filing
    promoted = {str(d["storage_key"]): file_promote(d) for d in filing.documents}
    answers = {
        name: promoted.get(str(value.get("storage_key")), value)
        if isinstance(value, dict)
        else value
        for name, value in filing.answers.items()
    }
    return replace(filing, documents=tuple(promoted.values()), answers=answers)


@transaction.atomic
def _register(filing: Filing) -> Case:
    now = timezone.now()
    today = timezone.localdate(now)
    # Everything that needs no number is done before the counter's row lock is taken: other
    # submissions of this UAT wait on that lock until COMMIT.
    due = due_date(today, days=filing.term_days, unit=filing.term_unit)
    department = (
        Department.objects.filter(name__iexact=filing.department, is_active=True).first()
        if filing.department
        else None
    )
    number = registry_number_take(year=today.year)
    entry = RegistryEntry.objects.create(
        year=today.year,
        number=number,
        registered_at=now,
        sender_name=filing.citizen_name,
        summary=filing.summary[:500],
        department=filing.department,
        file_code=filing.file_code,
    )
    case = Case.objects.create(
        department=department,
        term_days=filing.term_days,
        term_unit=filing.term_unit,
        extension_days=filing.extension_days,
        language=filing.language,
        entry=entry,
        service_code=filing.service_code,
        service_title=filing.service_title[:200],
        service_version=filing.service_version,
        due_date=due,
        citizen_name=filing.citizen_name,
        citizen_email=filing.citizen_email,
        citizen_phone=filing.citizen_phone,
        answers=filing.answers,
        answer_labels=filing.answer_labels,
        submission_key=filing.submission_key,
    )
    for document in filing.documents:
        stored = Document.objects.create(
            case=case,
            name=document["name"],
            sha256=document["sha256"],
            content_type=document["content_type"],
            size=document["size"],
            storage_key=document["storage_key"],
        )
        _queue_index(stored.pk)
    entry.annexes = len(filing.documents)
    entry.save(update_fields=["annexes"])
    entry_search_refresh(entry)
    CaseEvent.objects.create(case=case, kind="registered", actor_label="online")
    audit_record(
        actor=None,
        action="case.registered",
        target=case,
        data={"number": entry.display_number, "service": filing.service_code},
    )
    registration_confirm(
        case,
        service_title=filing.service_title,
        tracking_url=filing.tracking_url_template.format(token=case.tracking_token),
    )
    return case


def registration_confirm(case: Case, *, service_title: str, tracking_url: str) -> None:
    """The citizen's confirmation of a new registration, by e-mail and SMS where given, in
    the caller's transaction; and the inbox's service list learns the service after COMMIT."""
    context = {
        "recipient_name": case.citizen_name,
        "number": case.entry.display_number,
        "service": service_title,
        "due_date": f"{case.due_date:%d.%m.%Y}",
        "tracking_url": tracking_url,
    }
    for channel, recipient in (("email", case.citizen_email), ("sms", case.citizen_phone)):
        if recipient:
            notification_send(
                channel=channel,
                kind="request.registered",
                recipient=recipient,
                context=context,
                idempotency_key=f"case:{case.pk}:registered:{channel}",
                language=case.language,
            )
    code, schema = case.service_code, tenant_db().schema_name

    def learn() -> None:
        with schema_context(schema):  # the cache key carries the schema current at the call
            inbox_service_seen(code)

    transaction.on_commit(learn, robust=True)
