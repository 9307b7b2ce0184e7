"""The one door from the site to document management: stored files, their text, e-signature
checks, the Romanian working-day calendar and the letterhead PDF code. dms never imports the
website; keeping every use here keeps dms's own reshaping a one-file change for us."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from dms.cases.deadlines import due_date, is_working_day
from dms.documents.files import CheckedFile, file_check, file_store
from dms.documents.letterhead.base import Issuer, a4_pdf, issuer_of, letterhead, styles, text
from dms.documents.signatures import signature_summary
from dms.documents.text import document_text, printable
from dms.registry.search import search_query

PDF_ONLY = ["application/pdf"]
MAX_PDF_BYTES = 20 * 1024 * 1024
SITE_FOLDER = "site"  # storage keys: <schema>/site/<sha256>.pdf


@dataclass(frozen=True)
class StoredPdf:
    """A PDF kept for the site: where it is, its text for search, its e-signature."""

    name: str
    sha256: str
    size: int
    storage_key: str
    content_type: str
    text: str
    signature_status: str
    signature_detail: dict[str, Any]


def pdf_check(upload: UploadedFile) -> CheckedFile:
    """A PDF by its content (a renamed image or script is refused), at most 20 MB."""
    return file_check(upload, allowed_types=PDF_ONLY, max_bytes=MAX_PDF_BYTES)


def file_check_any(upload: UploadedFile) -> CheckedFile:
    """An attachment of an announcement: PDF, JPEG or PNG, sniffed from the content."""
    return file_check(
        upload,
        allowed_types=["application/pdf", "image/jpeg", "image/png"],
        max_bytes=MAX_PDF_BYTES,
    )


def site_file_store(checked: CheckedFile) -> StoredPdf:
    stored = file_store(checked, folder=SITE_FOLDER)
    status, detail = "", {}  # type: tuple[str, dict[str, Any]]
    extracted = ""
    if checked.content_type == "application/pdf":
        status, detail = signature_summary(checked.content)
        extracted = document_text(checked.content, checked.content_type)
    return StoredPdf(
        name=stored.name,
        sha256=stored.sha256,
        size=stored.size,
        storage_key=stored.storage_key,
        content_type=stored.content_type,
        text=extracted,
        signature_status=status,
        signature_detail=detail,
    )


__all__ = [
    "CheckedFile",
    "Issuer",
    "StoredPdf",
    "a4_pdf",
    "due_date",
    "file_check_any",
    "is_working_day",
    "issuer_of",
    "letterhead",
    "pdf_check",
    "printable",
    "search_query",
    "site_file_store",
    "styles",
    "text",
]


def signature_label(status: str) -> str:
    """The e-signature's state in the back office's words."""
    from dms.documents.models import SignatureStatus

    return str(SignatureStatus(status).label) if status in SignatureStatus.values else ""
