"""Onboard a UAT from the command line (the same service as the console form)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.models import UATKind
from tenants.services import OnboardingData, uat_onboard


class Command(BaseCommand):
    help = (
        "Creates a UAT with its schema, portal domain and first administrator (invited by e-mail)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="official name, e.g. 'Comuna Văliug'")
        parser.add_argument("--short-name", required=True)
        parser.add_argument("--kind", required=True, choices=UATKind.values)
        parser.add_argument("--slug", required=True, help="subdomain, e.g. valiug")
        parser.add_argument("--siruta", required=True, type=int)
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--primary-color", default="#1f4e79")
        parser.add_argument("--secondary-color", default="#f2c14e")
        parser.add_argument("--coat-of-arms", type=Path, help="PNG, JPEG or WebP file")

    def handle(self, *args: Any, **options: Any) -> None:
        coat_of_arms = None
        if options["coat_of_arms"]:
            path: Path = options["coat_of_arms"]
            if not path.is_file():
                raise CommandError(f"no such file: {path}")
            coat_of_arms = SimpleUploadedFile(path.name, path.read_bytes())
        data = OnboardingData(
            official_name=options["name"],
            short_name=options["short_name"],
            kind=options["kind"],
            slug=options["slug"],
            siruta=options["siruta"],
            admin_email=options["admin_email"],
            primary_color=options["primary_color"],
            secondary_color=options["secondary_color"],
            coat_of_arms=coat_of_arms,
        )
        started = time.perf_counter()
        try:
            uat = uat_onboard(data=data)
        except ValidationError as error:
            messages = (
                [f"{field}: {m}" for field, ms in error.message_dict.items() for m in ms]
                if hasattr(error, "error_dict")
                else error.messages
            )
            raise CommandError("\n".join(messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{uat.official_name} onboarded in {time.perf_counter() - started:.2f} s "
                f"(schema {uat.schema_name}); invitation queued for {data.admin_email}"
            )
        )
