"""Write one UAT (schema, public rows, documents) into one archive: ``uat_import`` reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tenants.transfer.archive import TransferRefused
from tenants.transfer.exporting import uat_export


class Command(BaseCommand):
    help = (
        "Exports a UAT: its schema (rows and migration state), its public rows (UAT, domains, "
        "usage, ...) and its storage objects with their SHA-256, into one tar archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the UAT's subdomain, e.g. resita")
        parser.add_argument(
            "--output", type=Path, help="the archive to write (default: <slug>-<date>.tar)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["slug"]
        output: Path = options["output"] or Path(f"{slug}-{timezone.localtime():%Y%m%d-%H%M%S}.tar")
        if output.is_dir():
            raise CommandError(f"{output} is a directory; give a file name")
        try:
            report = uat_export(slug=slug, destination=output)
        except TransferRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{slug}: {report.rows} rows in {report.tables} tables, {report.public_rows} "
                f"public rows, {report.objects} objects ({report.object_bytes} bytes) "
                f"written to {output} in "
                f"{report.seconds_database + report.seconds_objects:.1f} s"
            )
        )
