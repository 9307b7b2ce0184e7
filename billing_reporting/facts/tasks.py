"""The facts' periodic repair and the recompute of aggregates after a change. Tasks call
services; no logic lives here."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from ghiseu.ops.tenancy import in_every_uat

from . import services


@shared_task(name="billing_reporting.stats_refresh", max_retries=5, retry_backoff=10)
def stats_refresh(schema: str, days: list[str]) -> None:
    cache.delete_many([services.stats_pending_key(schema, day) for day in days])
    services.stats_refresh(schema=schema, days={date.fromisoformat(day) for day in days})


@shared_task(name="billing_reporting.facts_refresh")
def facts_refresh(days: int | None = None, full: bool = False) -> int:
    """Every UAT's facts of the rolling window (``days``, the setting by default; every case
    when ``full``), and their aggregates (beat, nightly). A re-run changes nothing; a fact
    lost by a crash is written again."""
    window = None if full else (settings.QUALITY_FACTS_WINDOW_DAYS if days is None else days)
    checked = 0
    for schema in in_every_uat(active_only=False):
        checked += services.facts_refresh(schema=schema, days=window).facts_checked
    return checked
