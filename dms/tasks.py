"""Periodic work on documents. Tasks call services; no logic lives here."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_tenant_model, schema_context

from . import files


@shared_task(name="dms.pending_files_sweep")
def pending_files_sweep() -> int:
    """Delete files of submissions never registered, in every UAT (beat, hourly)."""
    deleted = 0
    # Every UAT, suspended or archived too: their abandoned uploads are no less personal data.
    for schema in get_tenant_model().objects.values_list("schema_name", flat=True):
        with schema_context(schema):
            deleted += files.pending_files_sweep()
    return deleted
