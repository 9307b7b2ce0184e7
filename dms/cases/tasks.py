"""Periodic work on cases. Tasks call services; no logic lives here."""

from __future__ import annotations

from celery import shared_task

from dms.cases import deadline_watch
from ghiseu.ops.tenancy import in_every_uat


@shared_task(name="dms.deadlines_sweep")
def deadlines_sweep() -> int:
    """Reminders and escalations in every active UAT (beat, every hour on working hours)."""
    return sum(sum(deadline_watch.deadlines_sweep()) for _schema in in_every_uat())
