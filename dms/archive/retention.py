"""Retention of personal data: once a closed case's term has run, the citizen's name,
contacts, answers and own attachments are removed (the name replaced by a pseudonym)
everywhere the UAT's schema copied them (``erasure``), while the registry-book line and the
archive file keep what the archive law asks for (number, date, the institution's answer). A
case under a legal hold is skipped; a second run changes nothing. Each erased case and each
run write an audit event with counts (never the data).

The term of a case: its service's RetentionRule, else the retention of its archive file's
code in the nomenclature (a permanent code keeps the data, as the file itself is kept),
else GHISEU_PERSONAL_DATA_YEARS.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dms.archive.erasure import case_personal_data_erase
from dms.models import CLOSED_STATUSES, Case, RetentionRule
from ghiseu.audit.redaction import retention_redaction
from ghiseu.audit.services import audit_record, audit_record_about

BATCH = 200


@dataclass
class RetentionRun:
    pseudonymised: int = 0
    documents_deleted: int = 0
    events_redacted: int = 0  # case history and audit events, under the scoped exception
    other_rows: int = 0  # registry lines, notifications, the other apps' copies
    held: int = 0
    kept_permanently: int = 0


def _years(case: Case, rules: dict[str, int]) -> int | None:
    if case.service_code in rules:
        return rules[case.service_code]
    if case.archive_file_id is not None:
        return case.archive_file.file_code.retention_years  # type: ignore[union-attr]
    return int(settings.GHISEU_PERSONAL_DATA_YEARS)


def _expired(case: Case, years: int, now: datetime) -> bool:
    assert case.closed_at is not None
    # Years counted from 1 January after closing, as archive terms are (Legea 16/1996).
    start = timezone.localtime(case.closed_at).year + 1
    return timezone.localtime(now).year >= start + years


def pseudonym(case: Case) -> str:
    digest = hashlib.sha256(f"{case.pk}/{case.submission_key}".encode()).hexdigest()[:8]
    return _("Persoană %(code)s (date personale șterse)") % {"code": digest.upper()}


def _pseudonymise(case: Case, run: RetentionRun, now: datetime) -> None:
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("entry").get(pk=case.pk)
        if locked.personal_data_removed_at is not None or locked.legal_hold_reason:
            return
        with retention_redaction():
            erased = case_personal_data_erase(case=locked, pseudonym=pseudonym(locked))
        locked.personal_data_removed_at = now
        locked.save(update_fields=["personal_data_removed_at"])
        audit_record(
            actor=None,
            action="case.personal_data_erased",
            target=locked,
            data={"number": locked.entry.display_number, **asdict(erased)},
        )
        run.pseudonymised += 1
        run.documents_deleted += erased.documents
        run.events_redacted += erased.events + erased.audit_events
        run.other_rows += erased.entries + erased.notifications + erased.elsewhere


def personal_data_retention_sweep(*, now: datetime | None = None) -> RetentionRun:
    """One run in the current UAT's schema."""
    now = now or timezone.now()
    run = RetentionRun()
    rules = dict(RetentionRule.objects.values_list("service_code", "personal_data_years"))
    candidates = (
        Case.objects.filter(
            status__in=CLOSED_STATUSES,
            personal_data_removed_at__isnull=True,
            # A term ends on 1 January at the earliest: this year's closures wait.
            closed_at__lt=timezone.localtime(now).replace(
                month=1, day=1, hour=0, minute=0, second=0, microsecond=0
            ),
        )
        .select_related("entry", "archive_file__file_code")
        .order_by("closed_at", "pk")
    )
    for case in candidates.iterator(chunk_size=BATCH):
        years = _years(case, rules)
        if years is None:
            run.kept_permanently += 1
        elif not _expired(case, years, now):
            continue
        elif case.legal_hold_reason:
            run.held += 1
        else:
            _pseudonymise(case, run, now)
    audit_record_about(
        actor=None,
        action="retention.personal_data_run",
        object_type="dms.retention",
        object_id=now.date().isoformat(),
        data=asdict(run),
    )
    return run


@dataclass(frozen=True)
class OfferedService:
    code: str
    title: str
    file_code: str  # the archive code the catalog suggests for its cases


# The services a UAT offers, told by the portal app (it registers a source in its
# AppConfig.ready; dms never imports it), so a term can be set before the first case closes.
OFFERED_SERVICE_SOURCES: list[Callable[[], Iterable[OfferedService]]] = []


def offered_services_source_register(source: Callable[[], Iterable[OfferedService]]) -> None:
    if source not in OFFERED_SERVICE_SOURCES:
        OFFERED_SERVICE_SOURCES.append(source)


@dataclass(frozen=True)
class ServiceRetention:
    service_code: str
    service_title: str
    rule_years: int | None  # the service's own rule, if any
    file_code: str  # the code its latest case was filed under (or the catalog's suggestion)
    nomenclature_years: int | None  # that code's retention; None: permanent
    permanent: bool


def _known_services() -> dict[str, OfferedService]:
    """Every service this UAT offers or has cases of; a case's own title and file code win
    over the catalog's, as its latest case's file code is what the job will apply."""
    services = {service.code: service for source in OFFERED_SERVICE_SOURCES for service in source()}
    latest_per_service = (
        Case.objects.order_by("service_code", "-created_at")
        .distinct("service_code")
        .values_list("service_code", "service_title", "entry__file_code")
    )
    for code, title, file_code in latest_per_service:
        services[code] = OfferedService(code=code, title=title or code, file_code=file_code or "")
    return services


def retention_overview() -> list[ServiceRetention]:
    """Each service of this UAT: its own rule, else what the nomenclature says (3 queries, and
    one per source of offered services)."""
    from dms.models import FileCode

    rules = dict(RetentionRule.objects.values_list("service_code", "personal_data_years"))
    codes = dict(FileCode.objects.values_list("code", "retention_years"))
    rows = []
    for service in sorted(_known_services().values(), key=lambda s: s.title.casefold()):
        code = service.file_code
        permanent = code in codes and codes[code] is None
        rows.append(
            ServiceRetention(
                service_code=service.code,
                service_title=service.title,
                rule_years=rules.get(service.code),
                file_code=code,
                nomenclature_years=(
                    codes[code] if code in codes else settings.GHISEU_PERSONAL_DATA_YEARS
                ),
                permanent=permanent,
            )
        )
    return rows


@transaction.atomic
def retention_rule_set(*, actor: object, service_code: str, years: int | None) -> None:
    """A service's own term for personal data (None: back to the nomenclature's)."""
    from django.core.exceptions import ValidationError

    code = (service_code or "").strip()
    if code not in _known_services():
        raise ValidationError(_("Serviciul nu este oferit de această instituție."), code="service")
    if years is not None and not 0 <= years <= 100:
        raise ValidationError(_("Termenul este între 0 și 100 de ani."), code="years")
    previous = (
        RetentionRule.objects.filter(service_code=code)
        .values_list("personal_data_years", flat=True)
        .first()
    )
    if years is None:
        RetentionRule.objects.filter(service_code=code).delete()
    else:
        RetentionRule.objects.update_or_create(
            service_code=code, defaults={"personal_data_years": years}
        )
    audit_record_about(
        actor=actor,
        action="retention.rule_changed",
        object_type="dms.retentionrule",
        object_id=code,
        data={"from": previous, "to": years},
    )


@transaction.atomic
def case_legal_hold_set(*, case_id: int, user: object, reason: str) -> Case:
    """Keep a case's personal data past its term (a dispute, an inquiry); an empty reason
    lifts the hold. Archive managers only."""
    from django.core.exceptions import PermissionDenied

    from dms import permissions

    if not permissions.may_manage_archive(user):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case_id)
    previous = case.legal_hold_reason
    case.legal_hold_reason = " ".join((reason or "").split())[:300]
    if case.legal_hold_reason == previous:
        return case
    case.save(update_fields=["legal_hold_reason"])
    audit_record_about(
        actor=user,
        action="case.legal_hold_set" if case.legal_hold_reason else "case.legal_hold_lifted",
        object_type="dms.case",
        object_id=str(case.pk),
        data={"from": previous, "to": case.legal_hold_reason},
    )
    return case
