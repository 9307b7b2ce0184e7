"""Recompute every case's fact and every aggregate, in every UAT (after a restore, or when a
rule of the indicators changed). The nightly job only looks at a rolling window."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from billing_reporting.facts.tasks import facts_refresh


class Command(BaseCommand):
    help = "Recompute the quality facts and aggregates of every case of every UAT."

    def handle(self, *args: Any, **options: Any) -> None:
        checked = facts_refresh(full=True)
        self.stdout.write(f"{checked} cases checked")
