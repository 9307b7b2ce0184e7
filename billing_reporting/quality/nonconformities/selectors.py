"""Reads on the register, always through what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from ghiseu.audit.models import AuditEvent
from ghiseu.audit.selectors import audit_events_for

from .models import Nonconformity, NonconformityState
from .permissions import nonconformities_visible_to

PAGE = 50


def nonconformities_for(*, user: Any, state: str) -> QuerySet[Nonconformity]:
    """``state``: "deschise" (everything not closed), "inchise" or "toate"."""
    rows = nonconformities_visible_to(user).select_related("owner")
    if state == "deschise":
        rows = rows.exclude(state=NonconformityState.CLOSED)
    elif state == "inchise":
        rows = rows.filter(state=NonconformityState.CLOSED)
    return rows


def nonconformity_get_for(*, user: Any, pk: int) -> Nonconformity | None:
    return nonconformities_visible_to(user).select_related("owner", "survey").filter(pk=pk).first()


def nonconformity_history(nonconformity: Nonconformity) -> QuerySet[AuditEvent]:
    return audit_events_for(object_type=Nonconformity._meta.label_lower, object_id=nonconformity.pk)


def open_nonconformities_count(*, user: Any) -> int:
    return nonconformities_visible_to(user).exclude(state=NonconformityState.CLOSED).count()


@dataclass(frozen=True)
class RegisterSummary:
    opened_by_source: dict[str, int]
    closed: int
    open_now: int
    actions_overdue: int


def register_summary(*, period: Any, services: set[str] | None) -> RegisterSummary:
    """The register over a period (``period.first`` to ``period.last_day``), for the reports;
    ``services`` narrows it to the entries about those services."""
    entries = Nonconformity.objects.all()
    if services is not None:
        entries = entries.filter(service_code__in=services)
    window = {"opened_at__date__gte": period.first, "opened_at__date__lte": period.last_day}
    opened = dict(
        entries.filter(**window)
        .values_list("source")
        .annotate(n=Count("id"))
        .values_list("source", "n")
    )
    closed = entries.filter(
        closed_at__date__gte=period.first, closed_at__date__lte=period.last_day
    ).count()
    still_open = entries.exclude(state=NonconformityState.CLOSED)
    return RegisterSummary(
        opened_by_source=opened,
        closed=closed,
        open_now=still_open.count(),
        actions_overdue=still_open.filter(action_due__lt=timezone.localdate()).count(),
    )
