"""Periodic work on the archive. Tasks call services; no logic lives here."""

from __future__ import annotations

from celery import shared_task

from dms.archive import retention
from ghiseu.ops.tenancy import in_every_uat


@shared_task(name="dms.personal_data_retention")
def personal_data_retention() -> int:
    """Pseudonymise expired personal data in every UAT (beat, nightly); how many cases."""
    return sum(
        retention.personal_data_retention_sweep().pseudonymised
        for _schema in in_every_uat(active_only=False)
    )
