"""The reconciliation beat job: in every UAT, ask the providers about open payments (a
callback may never come), expire stale ones, settle paid ones not settled yet."""

from __future__ import annotations

from celery import shared_task

from ghiseu.ops.tenancy import in_every_uat

from .services import payments_reconcile_pending


@shared_task(name="payments.reconcile")
def payments_reconcile() -> int:
    done = 0
    for _schema in in_every_uat():
        done += sum(payments_reconcile_pending().values())
    return done
