"""Periodic and queued work on documents. Tasks call services; no logic lives here."""

from __future__ import annotations

from celery import shared_task

from dms.documents import files, services
from ghiseu.ops.tenancy import in_every_uat, requeue_everywhere


@shared_task(name="dms.pending_files_sweep")
def pending_files_sweep() -> int:
    """Delete files of submissions never registered, in every UAT (beat, hourly)."""
    deleted = 0
    # Every UAT, suspended or archived too: their abandoned uploads are no less personal data.
    for _schema in in_every_uat(active_only=False):
        deleted += files.pending_files_sweep()
    return deleted


@shared_task(
    name="dms.document_index",
    max_retries=5,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_jitter=True,
)
def document_index(document_id: int) -> bool:
    return services.document_index(document_id=document_id)


@shared_task(name="dms.documents_index_sweep")
def documents_index_sweep() -> int:
    """Queue again documents whose reading was lost (beat)."""
    return requeue_everywhere(pending=services.documents_unindexed_ids, task=document_index)
