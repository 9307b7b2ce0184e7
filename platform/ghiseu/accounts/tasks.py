"""Invitation delivery. Tasks take ids and call services; no logic lives here."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_tenant_model, schema_context

from ghiseu.ops.tenancy import tenant_db

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
    requeued = 0
    schemas = [
        "public",
        *get_tenant_model().objects.filter(status="active").values_list("schema_name", flat=True),
    ]
    for schema in schemas:
        with schema_context(schema):
            for invitation_id in services.invitations_pending_ids():
                invitation_deliver.apply_async(
                    args=(invitation_id,), headers={"_schema_name": tenant_db().schema_name}
                )
                requeued += 1
    return requeued
