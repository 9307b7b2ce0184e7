"""Delivery tasks. They take ids (or nothing) and call services; the schema comes with the task."""

from __future__ import annotations

import time

from celery import shared_task
from django.conf import settings

from ghiseu.ops.tenancy import requeue_everywhere

from . import delivery, queue, services

QUEUE = "default"
# A drain hands the worker back after this long, so one busy UAT cannot hold a worker
# process while other UATs' drains wait; it queues its own successor if work remains.
DRAIN_SECONDS = 2.0


@shared_task(
    name="notifications.deliver",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
    queue=QUEUE,
)
def deliver(self: object, notification_id: int) -> str:
    outcome = delivery.notification_deliver(notification_id=notification_id)
    _schedule_retries({notification_id: outcome})
    return outcome.status


@shared_task(
    name="notifications.deliver_waiting",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    queue=QUEUE,
)
def deliver_waiting(self: object) -> int:
    """Deliver what is waiting in this UAT, a batch at a time, until nothing is left."""
    queue.drain_started()
    batch = settings.NOTIFICATIONS_BATCH_SIZE
    handled = 0
    until = time.monotonic() + DRAIN_SECONDS
    while True:
        outcomes = delivery.notifications_deliver_waiting(limit=batch)
        _schedule_retries(outcomes)
        handled += len(outcomes)
        if len(outcomes) < batch:
            return handled
        if time.monotonic() > until:
            queue.notifications_wake()
            return handled


def _schedule_retries(outcomes: dict[int, delivery.Outcome]) -> None:
    # The row stays "temporary-failure" (claimable by id only); this schedules its next
    # attempt, and the attempt count on the row bounds the retries.
    for notification_id, outcome in outcomes.items():
        if outcome.retry_in is not None:
            queue.notification_queue(notification_id=notification_id, countdown=outcome.retry_in)


@shared_task(name="notifications.sweep", queue=QUEUE)
def sweep() -> int:
    """Queue again what a crash or a lost message left behind, in every active UAT."""
    return requeue_everywhere(pending=services.notifications_pending_ids, task=deliver)
