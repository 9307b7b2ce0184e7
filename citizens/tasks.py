"""Sign-in rows are needed for minutes: a beat job forgets them after a day."""

from __future__ import annotations

from celery import shared_task

from .eid.flow import sign_in_sweep


@shared_task(name="citizens.sign_ins_sweep")
def sign_ins_sweep() -> int:
    return sign_in_sweep()
