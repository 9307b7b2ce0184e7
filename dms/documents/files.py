"""Uploaded files: the type is sniffed from the content, never taken from the name.

A file arrives before its request is registered (the citizen still has to prove the e-mail
address), so it first lands in ``<schema>/pending/<UTC hour>/``; registration copies it to
``<schema>/cases/``, and a sweeper deletes the hour folders once no submission can still use
them. Content-addressed keys make a second upload of the same file free.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from ghiseu.ops.tenancy import tenant_db

PENDING = "pending"
CASES = "cases"
# Far beyond the 15 minutes a submission waits for its e-mail code: a folder this old has no
# submission left that could still register its files.
PENDING_KEPT_FOR = timedelta(hours=24)
_HOUR = "%Y%m%d%H"

# The file types the platform accepts, everywhere (citizen forms, replies, the registry, answers):
# their leading bytes, their MIME type and the extension they are stored under.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
ALLOWED_TYPES: tuple[str, ...] = tuple(content_type for _magic, content_type, _ext in SIGNATURES)
EXTENSIONS = {content_type: extension for _magic, content_type, extension in SIGNATURES}
# How people name the types, in the hints next to every file field.
TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
MAX_FILE_BYTES = 20 * 1_048_576


@dataclass(frozen=True)
class StoredFile:
    name: str
    sha256: str
    content_type: str
    size: int
    storage_key: str


def accept_of(allowed_types: Collection[str]) -> str:
    """What a file picker offers for these types, MIME types and extensions (a hint only:
    the content decides)."""
    extensions = {"jpg": ".jpg,.jpeg"}
    return ",".join(
        f"{content_type},{extensions.get(extension, '.' + extension)}"
        for _magic, content_type, extension in SIGNATURES
        if content_type in allowed_types
    )


def files_hint(*, allowed_types: Collection[str], max_bytes: int, max_files: int = 1) -> str:
    """What a file field accepts, said next to it: "PDF, JPEG sau PNG, cel mult 10 MB
    fiecare, cel mult 10 fișiere"."""
    names = [TYPE_NAMES[t] for t in ALLOWED_TYPES if t in allowed_types]
    kinds = (
        names[0]
        if len(names) == 1
        else _("%(some)s sau %(last)s")
        % {
            "some": ", ".join(names[:-1]),
            "last": names[-1],
        }
    )
    megabytes = max_bytes // 1_048_576
    if max_files <= 1:
        return _("%(kinds)s, cel mult %(mb)s MB.") % {"kinds": kinds, "mb": megabytes}
    return _("%(kinds)s, cel mult %(mb)s MB fiecare, cel mult %(n)s fișiere.") % {
        "kinds": kinds,
        "mb": megabytes,
        "n": max_files,
    }


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


def file_check(
    upload: UploadedFile,
    *,
    allowed_types: Collection[str] = ALLOWED_TYPES,
    max_bytes: int = MAX_FILE_BYTES,
) -> CheckedFile:
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


def pending_folder(now: datetime | None = None) -> str:
    """This hour's folder for files of submissions not yet registered."""
    return f"{PENDING}/{(now or timezone.now()).astimezone(UTC):{_HOUR}}"


def file_promote(stored: dict[str, object], *, folder: str = CASES) -> dict[str, object]:
    """Copy a pending file to the cases folder (or a draft's to drafts/), where the pending
    sweeper does not reach; returns its new description. Idempotent: the key is the hash."""
    key = str(stored["storage_key"])
    schema = tenant_db().schema_name
    if key.startswith(f"{schema}/{folder}/"):
        return stored
    target = f"{schema}/{folder}/{key.rsplit('/', 1)[-1]}"
    if not default_storage.exists(target):
        with default_storage.open(key, "rb") as handle:
            target = default_storage.save(target, ContentFile(handle.read()))
    return {**stored, "storage_key": target}


def pending_files_sweep(*, now: datetime | None = None) -> int:
    """Delete this UAT's pending hour folders older than ``PENDING_KEPT_FOR``; returns how
    many files went. Files already registered were copied out at registration."""
    root = f"{tenant_db().schema_name}/{PENDING}"
    cutoff = f"{((now or timezone.now()) - PENDING_KEPT_FOR).astimezone(UTC):{_HOUR}}"
    try:
        folders, _files = default_storage.listdir(root)
    except FileNotFoundError:
        return 0
    deleted = 0
    for folder in folders:
        if not (folder.isdigit() and len(folder) == len(cutoff) and folder < cutoff):
            continue  # not an hour folder of ours, or still in use
        for name in default_storage.listdir(f"{root}/{folder}")[1]:
            default_storage.delete(f"{root}/{folder}/{name}")
            deleted += 1
        _remove_empty_folder(f"{root}/{folder}")
    return deleted


def _remove_empty_folder(name: str) -> None:
    # Object stores have no folders; a local file system would keep one empty folder an hour.
    try:
        os.rmdir(default_storage.path(name))
    except (NotImplementedError, OSError):
        pass
