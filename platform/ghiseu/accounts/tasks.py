"""Invitation delivery. Tasks take ids and call services; no logic lives here."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import schema_context

from ghiseu.ops.tenancy import in_every_uat, requeue_everywhere

from . import services


@shared_task(
    name="accounts.invitation_deliver",
    bind=True,
    max_retries=5,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
)
def invitation_deliver(self: object, invitation_id: int) -> bool:
    return services.invitation_deliver(invitation_id=invitation_id)


@shared_task(name="accounts.invitations_sweep")
def invitations_sweep() -> int:
    """Re-queue invitations stuck in every active schema (beat, every few minutes)."""
    return requeue_everywhere(
        pending=services.invitations_pending_ids, task=invitation_deliver, include_public=True
    )


@shared_task(name="accounts.staff_sessions_sweep")
def staff_sessions_sweep() -> int:
    """Forget expired sessions in every schema (beat, hourly)."""
    from .sessions.services import staff_sessions_sweep as sweep

    with schema_context("public"):
        forgotten = sweep()
    return forgotten + sum(sweep() for _schema in in_every_uat(active_only=False))
