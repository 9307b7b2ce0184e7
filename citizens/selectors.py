"""Reads on citizens' identities."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import FiledRequest


def filed_requests_of(*, citizen_id: int, limit: int = 200) -> QuerySet[FiledRequest]:
    """A citizen's requests across the county, newest first: their own rows only."""
    return FiledRequest.objects.filter(citizen_id=citizen_id).order_by("-filed_at")[:limit]
