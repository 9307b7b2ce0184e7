"""Uploaded files: the type is sniffed from the content, never taken from the name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ghiseu.ops.tenancy import tenant_db

SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


@dataclass(frozen=True)
class StoredFile:
    name: str
    sha256: str
    content_type: str
    size: int
    storage_key: str


def sniff(head: bytes) -> tuple[str, str] | None:
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    extension: str


def file_check(upload: UploadedFile, *, allowed_types: list[str], max_bytes: int) -> CheckedFile:
    """Refuse a file over the size or of another type than allowed (sniffed from content)."""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("Fișierul „%(name)s” are %(size)s MB; se acceptă cel mult %(max)s MB.")
            % {
                "name": upload.name,
                "size": round(upload.size / 1_048_576, 1),
                "max": max_bytes // 1_048_576,
            },
            code="file_too_large",
        )
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(
            _("Fișierul „%(name)s” este prea mare.") % {"name": upload.name}, code="file_too_large"
        )
    kind = sniff(content[:16])
    if kind is None or kind[0] not in allowed_types:
        raise ValidationError(
            _(
                "Fișierul „%(name)s” nu este un document acceptat (PDF, JPEG sau PNG), oricare ar "
                "fi extensia lui."
            )
            % {"name": upload.name},
            code="file_type",
        )
    return CheckedFile(
        name=(upload.name or "document")[:200],
        content=content,
        content_type=kind[0],
        extension=kind[1],
    )


def file_store(checked: CheckedFile, *, folder: str) -> StoredFile:
    """Store under ``<schema>/<folder>/<sha256>.<ext>`` (the same content is stored once)."""
    content = checked.content
    digest = hashlib.sha256(content).hexdigest()
    key = f"{tenant_db().schema_name}/{folder}/{digest}.{checked.extension}"
    if not default_storage.exists(key):
        key = default_storage.save(key, ContentFile(content))
    return StoredFile(
        name=checked.name,
        sha256=digest,
        content_type=checked.content_type,
        size=len(content),
        storage_key=key,
    )
