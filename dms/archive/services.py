"""The archive (Legea 16/1996): the nomenclature of file codes, closed cases filed by code and
year, closing a year's files, and when a file's retention expires.

Destruction lives in ``dms.archive.disposal``: nothing here deletes anything.

Retention counts from 1 January of the year after the file's year (the practice under Legea
16/1996): a 5-year file of 2019 may be proposed for destruction from 1 January 2025. A file
whose code has no term (``retention_years`` None) is permanent and never expires.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from dms import permissions
from dms.archive.defaults import DEFAULT_NOMENCLATURE
from dms.models import (
    CLOSED_STATUSES,
    ArchiveFile,
    ArchiveFileStatus,
    Case,
    Department,
    Document,
    FileCode,
    RegistryEntry,
)
from dms.registry.search import entry_search_refresh
from ghiseu.accounts.models import User
from ghiseu.audit.services import audit_record

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9./-]{0,29}$")
# A case is never filed into a file on its way out of the archive.
NOT_FILEABLE = frozenset({ArchiveFileStatus.PROPOSED, ArchiveFileStatus.DESTROYED})


def _require_manager(user: User) -> None:
    if not permissions.may_manage_archive(user):
        raise ValidationError(
            _("Doar registratura și administratorul gestionează arhiva."), code="forbidden"
        )


# --- retention -------------------------------------------------------------------------------


def retention_expires_on(*, year: int, retention_years: int | None) -> date | None:
    """The first day a file of ``year`` may be destroyed; None for a permanent one."""
    if retention_years is None:
        return None
    return date(year + 1 + retention_years, 1, 1)


def archive_file_expires_on(archive_file: ArchiveFile) -> date | None:
    return retention_expires_on(
        year=archive_file.year, retention_years=archive_file.file_code.retention_years
    )


def _expired_q(today: date) -> Q:
    # year + 1 + retention <= today.year, written so the database compares columns.
    return Q(file_code__retention_years__isnull=False) & Q(
        year__lte=Value(today.year - 1) - F("file_code__retention_years")
    )


# --- nomenclature ----------------------------------------------------------------------------


@transaction.atomic
def nomenclature_defaults_create(*, user: User | None = None) -> int:
    """Add the default file codes this UAT does not have yet (codes it already has, perhaps
    edited, are left alone); returns how many were added. Idempotent."""
    existing = {code.upper() for code in FileCode.objects.values_list("code", flat=True)}
    missing = [row for row in DEFAULT_NOMENCLATURE if row.code.upper() not in existing]
    if not missing:
        return 0
    FileCode.objects.bulk_create(
        [
            FileCode(code=row.code, title=row.title, retention_years=row.retention_years)
            for row in missing
        ],
        ignore_conflicts=True,  # a concurrent onboarding step added them: fine
    )
    audit_record(
        actor=user,
        action="archive.nomenclature_defaults",
        target=FileCode.objects.get(code=missing[0].code),
        data={"codes": [row.code for row in missing]},
    )
    return len(missing)


def file_code_normalize(code: str) -> str:
    return (code or "").strip().upper()


def file_code_in_use(file_code: FileCode) -> bool:
    """In use: it has files, or registry entries carry it as their file code."""
    if file_code.pk and ArchiveFile.objects.filter(file_code=file_code).exists():
        return True
    return _entries_with_code(file_code.code).exists()


def _entries_with_code(code: str) -> QuerySet[RegistryEntry]:
    return RegistryEntry.objects.alias(code_upper=Upper("file_code")).filter(
        code_upper=file_code_normalize(code)
    )


@transaction.atomic
def file_code_save(
    *,
    user: User,
    code: str,
    title: str,
    retention_years: int | None,
    department: Department | None = None,
    file_code: FileCode | None = None,
) -> FileCode:
    """Add a file code, or change one. A code in use keeps its indicativ (registry entries and
    files name it); its title and retention may change, and the change is audited."""
    _require_manager(user)
    code = file_code_normalize(code)
    title = (title or "").strip()
    errors: dict[str, str] = {}
    if not CODE_PATTERN.match(code):
        errors["code"] = _(
            "Indicativul are litere mari, cifre, „-”, „.” sau „/” (de exemplu I-4), cel mult 30."
        )
    if not title:
        errors["title"] = _("Scrieți conținutul dosarului.")
    if retention_years is not None and not 1 <= retention_years <= 200:
        errors["retention_years"] = _("Termenul este între 1 și 200 de ani, sau permanent.")
    clash = FileCode.objects.filter(code__iexact=code)
    if file_code is not None:
        clash = clash.exclude(pk=file_code.pk)
    if clash.exists():
        errors["code"] = _("Indicativul %(code)s există deja în nomenclator.") % {"code": code}
    before: dict[str, Any] = {}
    if file_code is not None:
        file_code = FileCode.objects.select_for_update().get(pk=file_code.pk)
        before = {"code": file_code.code, "title": file_code.title}
        before["retention_years"] = file_code.retention_years
        if code != file_code.code and file_code_in_use(file_code):
            errors["code"] = _(
                "Indicativul %(code)s este folosit de dosare sau de înregistrări și nu mai "
                "poate fi schimbat."
            ) % {"code": file_code.code}
    if errors:
        raise ValidationError(errors)
    if file_code is None:
        file_code = FileCode(code=code)
    file_code.code, file_code.title = code, title[:300]
    file_code.retention_years, file_code.department = retention_years, department
    file_code.save()
    audit_record(
        actor=user,
        action="archive.file_code_changed" if before else "archive.file_code_added",
        target=file_code,
        data={
            "before": before,
            "code": code,
            "title": file_code.title,
            "retention_years": retention_years,
        },
    )
    return file_code


@transaction.atomic
def file_code_delete(*, user: User, file_code_id: int) -> None:
    """Only a code nobody uses can go: the registry book and the files must keep theirs."""
    _require_manager(user)
    file_code = FileCode.objects.select_for_update().filter(pk=file_code_id).first()
    if file_code is None:
        raise ValidationError(_("Indicativul nu există."), code="not_found")
    if file_code_in_use(file_code):
        raise ValidationError(
            _("Indicativul %(code)s este folosit și nu poate fi șters.") % {"code": file_code.code},
            code="in_use",
        )
    audit_record(
        actor=user,
        action="archive.file_code_deleted",
        target=file_code,
        data={
            "code": file_code.code,
            "title": file_code.title,
            "retention_years": file_code.retention_years,
        },
    )
    file_code.delete()


def nomenclature_rows() -> list[dict[str, Any]]:
    """Every code with its number of files and whether it is in use (two queries)."""
    codes = list(FileCode.objects.select_related("department").annotate(files_count=Count("files")))
    upper = [code.code.upper() for code in codes]
    used_by_entries = set(
        RegistryEntry.objects.annotate(code_upper=Upper("file_code"))
        .filter(code_upper__in=upper)
        .values_list("code_upper", flat=True)
        .distinct()
    )
    return [
        {
            "code": code,
            "files_count": code.files_count,
            "in_use": code.files_count > 0 or code.code.upper() in used_by_entries,
        }
        for code in codes
    ]


# --- filing ----------------------------------------------------------------------------------


def _closing_year(case: Case) -> int:
    if case.closed_at is not None:
        return timezone.localdate(case.closed_at).year
    return int(case.entry.year)


def _archive_file_for(file_code: FileCode, year: int) -> ArchiveFile:
    archive_file, _created = ArchiveFile.objects.select_related("file_code").get_or_create(
        file_code=file_code, year=year
    )
    return archive_file


def nomenclature_defaults_create_on_onboarding(sender: Any, uat: Any, **kwargs: Any) -> None:
    """Receiver of ``tenants.signals.uat_onboarded`` (sent inside the new UAT's schema)."""
    nomenclature_defaults_create()


def case_archive(
    case: Case, *, user: User | None = None, file_code: FileCode | None = None
) -> ArchiveFile | None:
    """File a closed case into the file of its entry's code and the year it closed (the file is
    created when missing). Returns the file, or None when the case stays unfiled: still open,
    a code not in the nomenclature, or that file already on its way out of the archive.

    Cheap and idempotent: called when a case closes, inside that transaction; a case already
    filed is left where it is.
    """
    if case.archive_file_id is not None:
        return ArchiveFile.objects.select_related("file_code").get(pk=case.archive_file_id)
    if case.status not in CLOSED_STATUSES:
        return None
    if file_code is None:
        code = file_code_normalize(case.entry.file_code)
        file_code = FileCode.objects.filter(code__iexact=code).first() if code else None
        if file_code is None:
            return None
    archive_file = _archive_file_for(file_code, _closing_year(case))
    if archive_file.status in NOT_FILEABLE:
        return None
    # No savepoint: inside the closing transaction this costs only the update and the audit.
    with transaction.atomic(savepoint=False):
        # A conditional update: two callers filing the same case cannot both win.
        filed = Case.objects.filter(pk=case.pk, archive_file__isnull=True).update(
            archive_file=archive_file
        )
        if not filed:
            case.refresh_from_db(fields=["archive_file"])
            return case.archive_file
        case.archive_file = archive_file
        audit_record(
            actor=user,
            action="case.archived",
            target=case,
            data={"number": case.entry.display_number, "file": str(archive_file)},
        )
    return archive_file


@transaction.atomic
def case_file_manually(*, user: User, case_id: int, file_code_id: int) -> ArchiveFile:
    """The archivist files a closed case whose code was unknown: the chosen code becomes its
    registry entries' file code (the book's indicativ column) and the case goes into that
    code's file of the year it closed."""
    _require_manager(user)
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("entry")
        .filter(pk=case_id)
        .first()
    )
    file_code = FileCode.objects.filter(pk=file_code_id).first()
    if case is None or file_code is None:
        raise ValidationError(_("Cererea sau indicativul nu există."), code="not_found")
    if case.status not in CLOSED_STATUSES:
        raise ValidationError(_("Doar cererile închise se arhivează."), code="not_closed")
    if case.archive_file_id is not None:
        raise ValidationError(_("Cererea este deja arhivată."), code="already_filed")
    target = _archive_file_for(file_code, _closing_year(case))
    if target.status in NOT_FILEABLE:
        raise ValidationError(
            _("Dosarul %(file)s este propus pentru eliminare sau eliminat.") % {"file": target},
            code="file_not_fileable",
        )
    old_code = case.entry.file_code
    for entry in [case.entry, *case.entry.linked_from.filter(file_code=old_code)]:
        entry.file_code = file_code.code
        entry.save(update_fields=["file_code"])
        entry_search_refresh(entry)
    filed = case_archive(case, user=user, file_code=file_code)
    if filed is None:  # pragma: no cover - checked above, under the case's lock
        raise ValidationError(_("Cererea nu a putut fi arhivată."), code="not_filed")
    return filed


def cases_archive_pending(*, user: User, limit: int = 500) -> int:
    """File the unfiled closed cases whose code is now in the nomenclature (after the
    archivist added it); returns how many were filed."""
    _require_manager(user)
    filed = 0
    for case in cases_unfiled()[:limit]:
        if case_archive(case, user=user) is not None:
            filed += 1
    return filed


def cases_unfiled() -> QuerySet[Case]:
    """Closed cases not in any file yet: the archivist's "to file" list."""
    return (
        Case.objects.filter(status__in=CLOSED_STATUSES, archive_file__isnull=True)
        .select_related("entry", "department")
        .order_by("closed_at", "pk")
    )


def document_is_destroyed(document: Document) -> bool:
    """Whether a document's bytes went with its file's disposal: download views answer "gone"
    (410) instead of opening a key that no longer exists."""
    q = Q()
    if document.case_id is not None:
        q |= Q(cases__pk=document.case_id)
    if document.entry_id is not None:
        q |= Q(cases__entry_id=document.entry_id) | Q(cases__entry__linked_from=document.entry_id)
    if not q:
        return False
    return ArchiveFile.objects.filter(q, status=ArchiveFileStatus.DESTROYED).exists()


# --- files -----------------------------------------------------------------------------------


def archive_files(*, year: int | None = None, status: str = "") -> QuerySet[ArchiveFile]:
    files = (
        ArchiveFile.objects.select_related("file_code")
        .annotate(cases_count=Count("cases"))
        .order_by("-year", "file_code__code")  # GROUP BY drops the model's ordering
    )
    if year:
        files = files.filter(year=year)
    if status:
        files = files.filter(status=status)
    return files


def archive_file_get(*, pk: int) -> ArchiveFile | None:
    return ArchiveFile.objects.select_related("file_code").filter(pk=pk).first()


def archive_file_cases(archive_file: ArchiveFile) -> QuerySet[Case]:
    return archive_file.cases.select_related("entry", "department").order_by("entry__number")


def archive_summary() -> dict[str, int]:
    """Counts for the archive's front page (three queries)."""
    today = timezone.localdate()
    by_status = dict(ArchiveFile.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "open": by_status.get(ArchiveFileStatus.OPEN, 0),
        "closed": by_status.get(ArchiveFileStatus.CLOSED, 0),
        "proposed": by_status.get(ArchiveFileStatus.PROPOSED, 0),
        "destroyed": by_status.get(ArchiveFileStatus.DESTROYED, 0),
        "unfiled": cases_unfiled().count(),
        "expired": files_expired(today=today).count(),
    }


def files_expired(*, today: date | None = None) -> QuerySet[ArchiveFile]:
    """Closed files whose retention has expired: what may be proposed for destruction.
    Permanent files never appear; open files must be closed first."""
    today = today or timezone.localdate()
    return (
        ArchiveFile.objects.filter(_expired_q(today), status=ArchiveFileStatus.CLOSED)
        .select_related("file_code")
        .annotate(cases_count=Count("cases"))
        .order_by("year", "file_code__code")
    )


@transaction.atomic
def archive_year_close(*, user: User, year: int) -> int:
    """Close every open file of a past year (a year's files are closed once it ended);
    returns how many were closed. Closing again closes nothing more."""
    _require_manager(user)
    if year >= timezone.localdate().year:
        raise ValidationError(
            _("Se pot închide doar dosarele unui an încheiat."), code="year_not_over"
        )
    now = timezone.now()
    files = list(
        ArchiveFile.objects.select_for_update(of=("self",))
        .select_related("file_code")
        .filter(year=year, status=ArchiveFileStatus.OPEN)
    )
    for archive_file in files:
        archive_file.status, archive_file.closed_at = ArchiveFileStatus.CLOSED, now
        archive_file.save(update_fields=["status", "closed_at"])
        audit_record(
            actor=user,
            action="archive_file.closed",
            target=archive_file,
            data={"file": str(archive_file), "year": year},
        )
    return len(files)
