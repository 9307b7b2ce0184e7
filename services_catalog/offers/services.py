"""Writes on a UAT's offer."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from services_catalog.models import ServiceTemplate

from .models import Offering


@transaction.atomic
def offers_create_defaults(*, uat_kind: str) -> int:
    """Offer every active catalog service meant for this kind of UAT (idempotent)."""
    created = 0
    for service in ServiceTemplate.objects.filter(is_active=True, uat_kinds__contains=[uat_kind]):
        _offer, was_created = Offering.objects.get_or_create(service=service)
        created += int(was_created)
    return created


def offers_create_defaults_on_onboarding(sender: Any, uat: Any, **kwargs: Any) -> None:
    offers_create_defaults(uat_kind=uat.kind)
