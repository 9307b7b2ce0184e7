"""Restore a UAT from a ``uat_export`` archive into this database and storage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.transfer.archive import TransferRefused
from tenants.transfer.importing import uat_import


class Command(BaseCommand):
    help = (
        "Imports a UAT archive written by uat_export. Refuses, changing nothing, a UAT whose "
        "subdomain, SIRUTA code or schema exists here, an archive from newer code, and a "
        "damaged archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = uat_import(source=options["archive"])
        except TransferRefused as refusal:
            raise CommandError(str(refusal)) from None
        forward = ", migrated to this version" if report.migrated_forward else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.uat.official_name} imported (schema {report.uat.schema_name}): "
                f"{report.rows} rows, {report.public_rows} public rows, "
                f"{report.objects} objects written{forward}, in {report.seconds:.1f} s"
            )
        )
