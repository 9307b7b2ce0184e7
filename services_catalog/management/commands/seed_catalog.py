"""Load the county's shared service catalog (16 services with their forms); idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from services_catalog.services import catalog_seed


class Command(BaseCommand):
    help = (
        "Creates the shared catalog's categories and services with their first form version; "
        "services that exist are kept as they are."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = catalog_seed()
        self.stdout.write(f"catalog: {created} service(s) created")
