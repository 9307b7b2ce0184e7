"""Queueing deliveries after COMMIT: a drain per UAT for what is waiting, a task per row for a
retry that must wait its turn. Nothing is queued before COMMIT; the sweeper queues again what a
crash or a lost broker message left behind."""

from __future__ import annotations

import contextlib

from django.core.cache import cache
from django.db import transaction
from django_tenants.utils import schema_context

from ghiseu.ops.tenancy import tenant_db

# Set while a drain of the UAT's waiting notifications is queued and has not started: a burst
# of commits queues one drain, not one task per notification. Its lifetime bounds how long a
# lost drain (a broker restart) holds back the next one.
WAKE_KEY = "notifications:drain-queued"
WAKE_SECONDS = 5


def notifications_wake() -> None:
    """After COMMIT, make sure a drain of this UAT's waiting notifications will run."""
    from .tasks import deliver_waiting

    schema = tenant_db().schema_name

    def enqueue() -> None:
        # The cache key carries the connection's schema (django_tenants' key function): one
        # flag per UAT, the one the drain clears, even when COMMIT ran in another schema.
        same = tenant_db().schema_name == schema
        with contextlib.nullcontext() if same else schema_context(schema):
            if cache.add(WAKE_KEY, 1, WAKE_SECONDS):
                deliver_waiting.apply_async(headers={"_schema_name": schema})

    # A broker outage after COMMIT must not fail the caller: the sweeper queues it again.
    transaction.on_commit(enqueue, robust=True)


def drain_started() -> None:
    """A drain takes what is waiting from now on: the next commit must queue another one.
    Cleared before the drain claims anything, so no commit falls between the two."""
    cache.delete(WAKE_KEY)


def notification_queue(*, notification_id: int, countdown: float = 0) -> None:
    """One row, after COMMIT, in ``countdown`` seconds (a retry's backoff)."""
    from .tasks import deliver

    schema = tenant_db().schema_name

    def enqueue() -> None:
        deliver.apply_async(
            args=(notification_id,), countdown=countdown, headers={"_schema_name": schema}
        )

    transaction.on_commit(enqueue, robust=True)
