"""Destruction of archive files (Legea 16/1996): only through a list the selection committee
approved, with the National Archives' confirmation, and every step audited.

draft → submitted → approved → executed, or submitted → rejected (the files go back to
closed). Executing deletes the stored bytes of the files' documents and their extracted text;
the registry entries stay (the registry book is permanent) and so do the rows that say what
existed. Nothing is deleted by any other path, and executing a list twice deletes nothing more.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dms import permissions
from dms.archive.services import _expired_q, _require_manager
from dms.models import (
    ArchiveFile,
    ArchiveFileStatus,
    Case,
    DisposalList,
    DisposalStatus,
    Document,
    SelectionCommitteeMember,
)
from dms.registry.search import entry_search_refresh
from ghiseu.accounts.models import User
from ghiseu.audit.services import audit_record

MINUTES_MAX = 40
CONFIRMATION_MAX = 40


# --- the selection committee -----------------------------------------------------------------


def _require_admin(user: User) -> None:
    if not permissions.is_uat_admin(user):
        raise ValidationError(
            _("Doar administratorul stabilește comisia de selecționare."), code="forbidden"
        )


def committee_members() -> QuerySet[SelectionCommitteeMember]:
    return SelectionCommitteeMember.objects.select_related("user").order_by("user__full_name")


def committee_candidates() -> QuerySet[User]:
    return User.objects.filter(is_active=True, selection_committee__isnull=True).order_by(
        "full_name", "email"
    )


@transaction.atomic
def committee_member_add(*, user: User, member: User, decision: str) -> SelectionCommitteeMember:
    _require_admin(user)
    if SelectionCommitteeMember.objects.filter(user=member).exists():
        raise ValidationError(
            {"member": _("%(name)s face deja parte din comisie.") % {"name": member}}
        )
    added = SelectionCommitteeMember.objects.create(
        user=member, appointed_by_decision=(decision or "").strip()[:100]
    )
    audit_record(
        actor=user,
        action="archive.committee_member_added",
        target=added,
        data={"member": member.email, "decision": added.appointed_by_decision},
    )
    return added


@transaction.atomic
def committee_member_remove(*, user: User, member_id: int) -> None:
    _require_admin(user)
    member = SelectionCommitteeMember.objects.select_related("user").filter(pk=member_id).first()
    if member is None:
        raise ValidationError(_("Membrul nu mai face parte din comisie."), code="not_found")
    audit_record(
        actor=user,
        action="archive.committee_member_removed",
        target=member,
        data={"member": member.user.email},
    )
    member.delete()


# --- disposal lists --------------------------------------------------------------------------


def disposal_lists() -> QuerySet[DisposalList]:
    return (
        DisposalList.objects.select_related("proposed_by", "decided_by")
        .annotate(files_count=Count("files"))
        .order_by("-proposed_at", "-pk")
    )


def disposal_get(*, pk: int) -> DisposalList | None:
    return DisposalList.objects.select_related("proposed_by", "decided_by").filter(pk=pk).first()


def disposal_files(disposal: DisposalList) -> QuerySet[ArchiveFile]:
    return (
        disposal.files.select_related("file_code")
        .annotate(cases_count=Count("cases"))
        .order_by("year", "file_code__code")
    )


def _locked(disposal_id: int) -> DisposalList:
    disposal = DisposalList.objects.select_for_update().filter(pk=disposal_id).first()
    if disposal is None:
        raise ValidationError(_("Lista de eliminare nu există."), code="not_found")
    return disposal


def _refuse(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


def _labels(files: list[ArchiveFile]) -> list[str]:
    return [str(archive_file) for archive_file in files]


@transaction.atomic
def disposal_propose(*, user: User, file_ids: list[int]) -> DisposalList:
    """A draft list of closed files whose retention expired; they become "proposed", so no
    other list takes them and nothing is filed into them."""
    _require_manager(user)
    today = timezone.localdate()
    files = list(
        ArchiveFile.objects.select_for_update(of=("self",))
        .select_related("file_code")
        .filter(pk__in=set(file_ids))
        .order_by("pk")
    )
    if not files:
        raise _refuse("empty", _("Alegeți cel puțin un dosar cu termenul de păstrare expirat."))
    eligible = set(
        ArchiveFile.objects.filter(
            _expired_q(today), pk__in=[f.pk for f in files], status=ArchiveFileStatus.CLOSED
        ).values_list("pk", flat=True)
    )
    refused = [f for f in files if f.pk not in eligible]
    if refused or len(files) != len(set(file_ids)):
        raise _refuse(
            "not_expired",
            _("Se propun doar dosare închise al căror termen de păstrare a expirat: %(files)s.")
            % {"files": ", ".join(_labels(refused)) or "—"},
        )
    disposal = DisposalList.objects.create(proposed_by=user)
    disposal.files.set(files)
    ArchiveFile.objects.filter(pk__in=eligible).update(status=ArchiveFileStatus.PROPOSED)
    audit_record(
        actor=user,
        action="disposal.proposed",
        target=disposal,
        data={"files": _labels(files)},
    )
    return disposal


@transaction.atomic
def disposal_submit(*, user: User, disposal_id: int) -> DisposalList:
    """Send a draft to the selection committee."""
    _require_manager(user)
    disposal = _locked(disposal_id)
    if disposal.status != DisposalStatus.DRAFT:
        raise _refuse("invalid_state", _("Doar o listă în lucru se trimite comisiei."))
    disposal.status = DisposalStatus.SUBMITTED
    disposal.save(update_fields=["status"])
    audit_record(actor=user, action="disposal.submitted", target=disposal, data={})
    return disposal


def decision_reference(*, minutes: str, confirmation: str) -> str:
    """The committee's minutes and the National Archives' confirmation, in one column."""
    # One column of 100 characters until the model has a field of its own for the confirmation.
    text = f"PV comisie: {minutes.strip()}"
    if confirmation.strip():
        text += f"; AN: {confirmation.strip()}"
    return text[:100]


@transaction.atomic
def disposal_decide(
    *, user: User, disposal_id: int, approve: bool, minutes: str, confirmation: str = ""
) -> DisposalList:
    """A member of the selection committee, never the list's proposer, approves or rejects
    a submitted list. Approval needs the minutes' number and the National Archives'
    confirmation (Legea 16/1996: nothing is destroyed before it); a rejection returns the
    files to "closed"."""
    disposal = _locked(disposal_id)
    if not permissions.is_committee_member(user):
        raise _refuse("forbidden", _("Doar membrii comisiei de selecționare decid."))
    if disposal.proposed_by_id == user.pk:
        raise _refuse("own_list", _("Cine a propus lista nu o poate aproba sau respinge."))
    if disposal.status != DisposalStatus.SUBMITTED:
        raise _refuse("invalid_state", _("Comisia decide doar asupra unei liste trimise."))
    minutes, confirmation = (minutes or "").strip(), (confirmation or "").strip()
    errors: dict[str, str] = {}
    if not minutes:
        errors["minutes"] = _("Scrieți numărul și data procesului-verbal al comisiei.")
    elif len(minutes) > MINUTES_MAX:
        errors["minutes"] = _("Cel mult %(n)s caractere.") % {"n": MINUTES_MAX}
    if approve and not confirmation:
        errors["confirmation"] = _(
            "Scrieți numărul confirmării Arhivelor Naționale: fără ea nu se elimină nimic."
        )
    elif len(confirmation) > CONFIRMATION_MAX:
        errors["confirmation"] = _("Cel mult %(n)s caractere.") % {"n": CONFIRMATION_MAX}
    if errors:
        raise ValidationError(errors)
    disposal.status = DisposalStatus.APPROVED if approve else DisposalStatus.REJECTED
    disposal.decided_by, disposal.decided_at = user, timezone.now()
    disposal.decision_reference = decision_reference(minutes=minutes, confirmation=confirmation)
    disposal.save(update_fields=["status", "decided_by", "decided_at", "decision_reference"])
    files = list(disposal.files.select_related("file_code").order_by("pk"))
    if not approve:
        ArchiveFile.objects.filter(
            pk__in=[f.pk for f in files], status=ArchiveFileStatus.PROPOSED
        ).update(status=ArchiveFileStatus.CLOSED)
    audit_record(
        actor=user,
        action="disposal.approved" if approve else "disposal.rejected",
        target=disposal,
        data={"reference": disposal.decision_reference, "files": _labels(files)},
    )
    return disposal


@transaction.atomic
def disposal_execute(*, user: User, disposal_id: int) -> DisposalList:
    """Destroy the files of an approved list: the stored bytes of their cases' documents go,
    with the documents' extracted text and the cases' form answers; the files are marked
    destroyed, one audit event each. Refused for any list the committee has not approved; a
    list already executed is returned as it is, and nothing more is deleted."""
    _require_manager(user)
    disposal = _locked(disposal_id)
    if disposal.status == DisposalStatus.EXECUTED:
        return disposal
    if disposal.status != DisposalStatus.APPROVED or disposal.decided_by_id is None:
        raise _refuse(
            "not_approved",
            _("Se elimină doar dosarele unei liste aprobate de comisia de selecționare."),
        )
    now = timezone.now()
    files = list(
        disposal.files.select_for_update(of=("self",)).select_related("file_code").order_by("pk")
    )
    doomed_keys: set[str] = set()
    doomed_ids: set[int] = set()
    for archive_file in files:
        if archive_file.status == ArchiveFileStatus.DESTROYED:
            continue
        keys, document_ids, cases = _file_destroy(archive_file)
        doomed_keys |= keys
        doomed_ids |= document_ids
        archive_file.status, archive_file.destroyed_at = ArchiveFileStatus.DESTROYED, now
        archive_file.save(update_fields=["status", "destroyed_at"])
        audit_record(
            actor=user,
            action="archive_file.destroyed",
            target=archive_file,
            data={
                "file": str(archive_file),
                "disposal_list": disposal.pk,
                "decision_reference": disposal.decision_reference,
                "cases": cases,
                "documents": len(document_ids),
            },
        )
    disposal.status, disposal.executed_at = DisposalStatus.EXECUTED, now
    disposal.save(update_fields=["status", "executed_at"])
    audit_record(
        actor=user,
        action="disposal.executed",
        target=disposal,
        data={"files": _labels(files), "documents": len(doomed_ids)},
    )
    # Keys are content-addressed: bytes another document still uses (a case kept elsewhere)
    # must stay. Deleted last, so a storage error rolls the records back and the approved list
    # can simply be executed again (deleting what is already gone is a no-op).
    shared = set(
        Document.objects.filter(storage_key__in=doomed_keys)
        .exclude(pk__in=doomed_ids)
        .values_list("storage_key", flat=True)
    )
    for key in sorted(doomed_keys - shared):
        default_storage.delete(key)
    return disposal


def _file_destroy(archive_file: ArchiveFile) -> tuple[set[str], set[int], int]:
    """Forget the content of a file's cases (the caller deletes the bytes); returns the storage
    keys, the document ids and the number of cases."""
    cases = list(Case.objects.filter(archive_file=archive_file).select_related("entry"))
    entry_ids = [case.entry_id for case in cases]
    documents = Document.objects.filter(
        Q(case__in=cases) | Q(entry_id__in=entry_ids) | Q(entry__linked_entry_id__in=entry_ids)
    )
    rows = list(documents.values_list("pk", "storage_key"))
    Document.objects.filter(pk__in=[pk for pk, _key in rows]).update(text="")
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(answers={})
    for case in cases:
        case.answers = {}
        entry_search_refresh(case.entry)  # the book's line stays; the content leaves search
        for outgoing in case.entry.linked_from.all():
            entry_search_refresh(outgoing)
    return {key for _pk, key in rows if key}, {pk for pk, _key in rows}, len(cases)
