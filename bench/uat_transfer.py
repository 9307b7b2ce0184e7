"""Moving one UAT of 100,000 cases to another database: ``uat_export`` / ``uat_import``.

The UAT's registry book, cases and case events are loaded with COPY (bench/backoffice_data.py,
BENCH_TRANSFER_CASES cases, default 100,000), plus BENCH_TRANSFER_DOCUMENTS documents of
100 KiB (default 500) in the storage. The baseline, in the same run, is PostgreSQL's own tool
for one schema: ``pg_dump --format=custom --schema=<schema>`` and ``pg_restore`` of that dump
into a second database (an empty platform: public schema migrated, catalog seeded). The
baseline moves neither the public rows nor the documents, and restores into a database whose
catalog has the same ids; ``uat_import`` maps them by code and renumbers the public rows.

python -m bench uat_transfer
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import schema_context

from bench.backoffice_data import OUTGOING_SHARE, load, staff_create
from bench.webstack import table
from dms.models import Case, Document, RegistryEntry
from ghiseu.embedded.postgres import client_options, pg_dump_path
from services_catalog.services import catalog_seed
from tenants.services import OnboardingData, uat_onboard
from tenants.tests.databases import database_drop, on_database, platform_create
from tenants.transfer.exporting import uat_export
from tenants.transfer.importing import uat_import

CASES = int(os.environ.get("BENCH_TRANSFER_CASES", "100000"))
DOCUMENTS = int(os.environ.get("BENCH_TRANSFER_DOCUMENTS", "500"))
DOCUMENT_BYTES = 100 * 1024
SLUG, SCHEMA = "mutare", "mutare"
TARGET = "ghiseu_bench_transfer"


@dataclass
class Timed:
    seconds: float
    size: int = 0


def _source() -> dict[str, int]:
    catalog_seed()  # the UAT's offer then names catalog services, mapped by code on import
    uat_onboard(
        data=OnboardingData(
            official_name="Municipiul Mutare",
            short_name="Mutare",
            kind="municipiu",
            slug=SLUG,
            siruta=909100,
            admin_email="admin@mutare.example.org",
        )
    )
    staff = staff_create(SCHEMA)
    rows = round(CASES / (1 - OUTGOING_SHARE))
    load(SCHEMA, rows, staff, today=timezone.localdate(), seed=15, progress=lambda _line: None)
    _documents()
    return _counts()


def _documents() -> None:
    """DOCUMENTS attachments of the first cases, stored and recorded as the portal does."""
    with schema_context(SCHEMA):
        cases = list(Case.objects.order_by("pk").values_list("pk", flat=True)[:DOCUMENTS])
        rows = []
        for n, case_id in enumerate(cases):
            content = os.urandom(DOCUMENT_BYTES)  # documents arrive compressed (PDF, JPEG)
            key = default_storage.save(
                f"{SCHEMA}/cases/bench-{n:05d}.pdf", ContentFile(content, name="x.pdf")
            )
            rows.append(
                Document(
                    case_id=case_id,
                    name=f"anexa-{n}.pdf",
                    sha256=f"{n:064x}",
                    content_type="application/pdf",
                    size=len(content),
                    storage_key=key,
                )
            )
        Document.objects.bulk_create(rows)


def _counts() -> dict[str, int]:
    with schema_context(SCHEMA):
        return {
            "registry entries": RegistryEntry.objects.count(),
            "cases": Case.objects.count(),
            "documents": Document.objects.count(),
        }


def _tool(name: str, *args: str) -> Timed:
    dump = pg_dump_path()
    assert dump is not None, "pg_dump is needed for the baseline"
    options, env = client_options(connection.settings_dict)
    started = time.perf_counter()
    subprocess.run(
        [str(Path(dump).with_name(name)), *args, *options],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return Timed(time.perf_counter() - started)


def _timed(function: Any) -> tuple[Timed, Any]:
    started = time.perf_counter()
    result = function()
    return Timed(time.perf_counter() - started), result


def _drop_schema() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA "{SCHEMA}" CASCADE')


def run() -> None:
    print(f"\n== Moving one UAT of {CASES:,} cases to another database ==")
    work = Path(tempfile.mkdtemp(prefix="ghiseu-bench-transfer-"))
    archive, dump = work / f"{SLUG}.tar", work / f"{SLUG}.dump"
    try:
        started = time.perf_counter()
        source = _source()
        print(f"source loaded in {time.perf_counter() - started:.0f} s: {source}")
        platform_create(TARGET)

        baseline_dump = _tool("pg_dump", "--format=custom", "--schema", SCHEMA, "--file", str(dump))
        baseline_dump.size = dump.stat().st_size
        exported, report = _timed(lambda: uat_export(slug=SLUG, destination=archive))
        exported.size = archive.stat().st_size

        def restore_baseline() -> Timed:
            restored = _tool("pg_restore", "--no-owner", "--exit-on-error", str(dump))
            _drop_schema()
            return restored

        baseline_restore = on_database(TARGET, restore_baseline)
        with override_settings(STORAGES=_storage(work / "target")):
            imported, _report = on_database(
                TARGET, lambda: _timed(lambda: uat_import(source=archive))
            )
            moved = on_database(TARGET, _counts)
        assert moved == source, f"the import holds {moved}, the source {source}"
        _report_run(source, report, exported, imported, baseline_dump, baseline_restore)
    finally:
        database_drop(TARGET)
        shutil.rmtree(work, ignore_errors=True)


def _storage(path: Path) -> dict[str, Any]:
    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(path)},
        },
    }


def _report_run(
    source: dict[str, int],
    report: Any,
    exported: Timed,
    imported: Timed,
    baseline_dump: Timed,
    baseline_restore: Timed,
) -> None:
    mib = 1024 * 1024
    print(
        f"{source['cases']:,} cases, {source['registry entries']:,} registry entries, "
        f"{report.rows:,} rows in {report.tables} tables, {report.public_rows} public rows, "
        f"{report.objects} objects ({report.object_bytes / mib:.0f} MiB)"
    )
    rows = [
        [
            "export: uat_export (schema + public rows + objects)",
            f"{exported.seconds:.2f}",
            f"{exported.size / mib:.1f}",
            f"{exported.seconds / baseline_dump.seconds:.2f}x",
        ],
        [
            "  of which the database snapshot",
            f"{report.seconds_database:.2f}",
            "",
            f"{report.seconds_database / baseline_dump.seconds:.2f}x",
        ],
        ["  of which the objects", f"{report.seconds_objects:.2f}", "", ""],
        [
            "export baseline: pg_dump -Fc of the schema",
            f"{baseline_dump.seconds:.2f}",
            f"{baseline_dump.size / mib:.1f}",
            "1.00x",
        ],
        [
            "import: uat_import into another database",
            f"{imported.seconds:.2f}",
            "",
            f"{imported.seconds / baseline_restore.seconds:.2f}x",
        ],
        [
            "import baseline: pg_restore of the schema",
            f"{baseline_restore.seconds:.2f}",
            "",
            "1.00x",
        ],
    ]
    print(table(["step", "seconds", "MiB", "vs baseline"], rows))
