"""Delivery tasks. They take ids and call services; the schema comes with the task."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_tenant_model, schema_context

from ghiseu.ops.tenancy import tenant_db

from . import services

QUEUE = "default"


@shared_task(
    name="notifications.deliver",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
    queue=QUEUE,
)
def deliver(self: object, notification_id: int) -> str:
    outcome = services.notification_deliver(notification_id=notification_id)
    if outcome.retry_in is not None:
        # The row stays "temporary-failure" (claimable); this schedules the next attempt, and
        # the attempt count on the row bounds the retries.
        services.notification_queue(notification_id=notification_id, countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="notifications.sweep", queue=QUEUE)
def sweep() -> int:
    """Queue again what a crash or a lost message left behind, in every active UAT."""
    requeued = 0
    schemas = (
        get_tenant_model().objects.filter(status="active").values_list("schema_name", flat=True)
    )
    for schema in schemas:
        with schema_context(schema):
            for notification_id in services.notifications_pending_ids():
                deliver.apply_async(
                    args=(notification_id,), headers={"_schema_name": tenant_db().schema_name}
                )
                requeued += 1
    return requeued
