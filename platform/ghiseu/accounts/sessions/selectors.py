from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from .models import StaffSession


def staff_sessions_live(*, user: Any) -> QuerySet[StaffSession]:
    """The user's sessions that a browser can still use, most recently active first."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return StaffSession.objects.filter(user=user, session_key__in=live)
