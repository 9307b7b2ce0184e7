"""The archive file: a tar whose last member, the manifest, names every other with its hash."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

FORMAT = "ghiseu-uat-archive"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
# Members are gzip-compressed at a fast level: most of an export's time is spent here.
COMPRESS_LEVEL = 3


class TransferRefused(Exception):
    """The export or import cannot be done; nothing was changed. The message says why."""


class ArchiveDamaged(TransferRefused):
    pass


class _Hashing(io.RawIOBase):
    """Reads through to ``source`` and hashes what passes."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    """Writes ``<path>.partial`` and renames it only when the manifest is in: an export that
    fails half-way leaves no archive that looks whole."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        self.members: dict[str, dict[str, Any]] = {}
        self._tar = tarfile.open(self.partial, "w", format=tarfile.PAX_FORMAT)

    def add(self, name: str, source: IO[bytes], size: int) -> dict[str, Any]:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(time.time()), 0o640
        hashing = _Hashing(source)
        self._tar.addfile(info, hashing)
        self.members[name] = {"sha256": hashing.sha256.hexdigest(), "size": size}
        return self.members[name]

    def add_compressed(self, name: str, chunks: Iterable[bytes]) -> int:
        """Gzip ``chunks`` into the member ``name``; returns how many lines they held."""
        lines = 0
        with tempfile.TemporaryFile() as spool:
            with gzip.GzipFile(fileobj=spool, mode="wb", compresslevel=COMPRESS_LEVEL) as gz:
                for chunk in chunks:
                    lines += chunk.count(b"\n")
                    gz.write(chunk)
            size = spool.tell()
            spool.seek(0)
            self.add(name, spool, size)
        return lines

    def finish(self, manifest: dict[str, Any]) -> None:
        manifest = {"format": FORMAT, "version": VERSION, **manifest, "members": self.members}
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o640
        self._tar.addfile(info, io.BytesIO(data))
        self._tar.close()
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        self._tar.close()
        self.partial.unlink(missing_ok=True)


class ArchiveReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise TransferRefused(_("Arhiva %(path)s nu există.") % {"path": path})
        try:
            self._tar = tarfile.open(path, "r:*")
            member = self._tar.getmember(MANIFEST)
            handle = self._tar.extractfile(member)
            manifest = json.loads(handle.read()) if handle else None
        except (tarfile.TarError, KeyError, OSError, EOFError, ValueError) as error:
            raise ArchiveDamaged(
                _("%(path)s nu este o arhivă Ghișeu întreagă (%(reason)s).")
                % {"path": path.name, "reason": type(error).__name__}
            ) from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArchiveDamaged(
                _("%(path)s nu este o arhivă de UAT Ghișeu.") % {"path": path.name}
            )
        if manifest.get("version") != VERSION:
            raise TransferRefused(
                _("Arhiva are formatul %(found)s; această versiune citește formatul %(known)s.")
                % {"found": manifest.get("version"), "known": VERSION}
            )
        self.manifest: dict[str, Any] = manifest
        self.members: dict[str, dict[str, Any]] = manifest.get("members") or {}

    def close(self) -> None:
        self._tar.close()

    def verify(self) -> None:
        """Every member is there, with the size and SHA-256 the manifest gives."""
        for name, expected in self.members.items():
            with self.open(name) as handle:
                digest, size = hashlib.sha256(), 0
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
            if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
                raise ArchiveDamaged(
                    _("Arhiva este deteriorată: %(member)s nu are amprenta SHA-256 din manifest.")
                    % {"member": name}
                )

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        if name not in self.members:
            raise ArchiveDamaged(
                _("Arhiva este deteriorată: manifestul nu menționează %(member)s.")
                % {"member": name}
            )
        try:
            handle = self._tar.extractfile(name)
        except (KeyError, tarfile.TarError, OSError):
            handle = None
        if handle is None:
            raise ArchiveDamaged(
                _("Arhiva este deteriorată: lipsește %(member)s.") % {"member": name}
            )
        with handle:
            yield handle

    def lines(self, name: str) -> Iterator[bytes]:
        """The decompressed content of a gzip member, in chunks."""
        with self.open(name) as handle, gzip.GzipFile(fileobj=handle) as gz:
            while chunk := gz.read(CHUNK):
                yield chunk
