"""Delivery tasks. They take ids and call services; the schema comes with the task."""

from __future__ import annotations

from celery import shared_task

from ghiseu.ops.tenancy import requeue_everywhere

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
    return requeue_everywhere(pending=services.notifications_pending_ids, task=deliver)
