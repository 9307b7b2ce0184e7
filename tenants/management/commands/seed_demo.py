"""Seed the demo county (idempotent)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from tenants.seed import seed_county


class Command(BaseCommand):
    help = "Creates the demo county's UATs and demo accounts; a second run changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        report = seed_county()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"seed: {len(report.created)} UAT(s) created, {len(report.kept)} kept, {elapsed:.1f} s"
        )
