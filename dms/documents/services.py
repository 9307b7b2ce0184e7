"""Writes on documents: store a checked upload under the UAT's prefix, extract its text for
search, and keep every version (a new version never replaces the stored bytes of the old)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dms.cases.workflow import event_add
from dms.documents.files import CASES, CheckedFile, file_store
from dms.documents.text import document_text
from dms.models import Case, CaseEvent, Document, DocumentKind, RegistryEntry
from dms.registry.search import entry_search_refresh
from ghiseu.accounts.models import User
from ghiseu.audit.services import audit_record


def document_add(
    *,
    checked: CheckedFile,
    kind: str,
    user: User | None,
    case: Case | None = None,
    entry: RegistryEntry | None = None,
    event: CaseEvent | None = None,
    visible_to_citizen: bool = True,
) -> Document:
    """Store and record one document of a case or a registry entry (caller's transaction)."""
    stored = file_store(checked, folder=CASES)
    document = Document.objects.create(
        case=case,
        entry=entry,
        event=event,
        kind=kind,
        visible_to_citizen=visible_to_citizen,
        name=stored.name,
        sha256=stored.sha256,
        content_type=stored.content_type,
        size=stored.size,
        storage_key=stored.storage_key,
        text=document_text(checked.content, checked.content_type),
        indexed_at=timezone.now(),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _signature_check(document, checked.content)
    return document


def document_index(*, document_id: int) -> bool:
    """Read a document's text and signatures once (queued after a citizen's registration,
    which must not wait for it); refreshes its entry's search text."""
    document = Document.objects.filter(pk=document_id, indexed_at__isnull=True).first()
    if document is None:
        return False
    with default_storage.open(document.storage_key, "rb") as handle:
        content = handle.read()
    document.text = document_text(content, document.content_type)
    document.indexed_at = timezone.now()
    document.save(update_fields=["text", "indexed_at"])
    _signature_check(document, content)
    entry = document.entry or (document.case.entry if document.case else None)
    if entry is not None:
        entry_search_refresh(entry)
    return True


def documents_unindexed_ids() -> list[int]:
    return list(
        Document.objects.filter(indexed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )


def _signature_check(document: Document, content: bytes) -> None:
    if document.content_type != "application/pdf":
        return
    from dms.documents.signatures import signature_summary

    status, detail = signature_summary(content)
    if status:
        document.signature_status, document.signature_detail = status, detail
        document.save(update_fields=["signature_status", "signature_detail"])


@transaction.atomic
def document_new_version(*, document_id: int, checked: CheckedFile, user: User | None) -> Document:
    """A new version of a staff document; the old one stays, linked, for the audit trail."""
    previous = Document.objects.select_for_update().get(pk=document_id)
    if hasattr(previous, "next_version"):
        raise ValueError("only the latest version gets a successor")
    document = document_add(
        checked=checked,
        kind=previous.kind,
        user=user,
        case=previous.case,
        entry=previous.entry,
        visible_to_citizen=previous.visible_to_citizen,
    )
    document.version = previous.version + 1
    document.previous_version = previous
    document.save(update_fields=["version", "previous_version"])
    if previous.case is not None:
        # In the case's history (for the staff) and a new revision: a page showing the old
        # version must not act as if nothing changed.
        event_add(
            previous.case,
            kind="document_versioned",
            user=user,
            visible_to_citizen=False,
            note=f"{document.name} (v{document.version})",
        )
        Case.objects.filter(pk=previous.case.pk).update(revision=F("revision") + 1)
    audit_record(
        actor=user,
        action="document.versioned",
        target=document,
        data={"previous": previous.pk, "version": document.version, "sha256": document.sha256},
    )
    target_entry = previous.entry or (previous.case.entry if previous.case else None)
    if target_entry is not None:
        entry_search_refresh(target_entry)
    return document


__all__ = ["DocumentKind", "document_add", "document_new_version"]
