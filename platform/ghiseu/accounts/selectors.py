from __future__ import annotations

from django.db.models import Max, QuerySet

from .models import User


def staff_list() -> QuerySet[User]:
    """Every account of the current schema with its latest invitation state, in one query."""
    return User.objects.annotate(last_invited=Max("invitations__created_at")).order_by("email")
