"""Periodic work of the site. Tasks call services; no logic lives here."""

from __future__ import annotations

from celery import shared_task

from ghiseu.ops.tenancy import in_every_uat

from .mol import prefect_watch


@shared_task(name="website.prefect_deadlines_sweep")
def prefect_deadlines_sweep() -> int:
    """Reminders before, and warnings after, an act's prefect term, in every active UAT."""
    return sum(sum(prefect_watch.prefect_deadlines_sweep()) for _schema in in_every_uat())
