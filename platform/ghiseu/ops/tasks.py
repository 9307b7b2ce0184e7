"""Operational tasks."""

from __future__ import annotations

from celery import shared_task
from django.core.cache import cache


@shared_task(name="ops.noop", acks_late=True)
def noop(counter_key: str) -> None:
    """Does nothing but count: the benchmarks' floor for a task round trip on the broker."""
    try:
        cache.incr(counter_key)
    except ValueError:
        cache.set(counter_key, 1, 3600)
