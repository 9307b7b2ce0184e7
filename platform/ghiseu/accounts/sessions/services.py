"""Writes on staff sessions: record a sign-in, end one session, end all of a user's."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from ghiseu.audit.services import audit_record

from .models import StaffSession

USER_AGENT_MAX = 300


def client_address(request: HttpRequest) -> str | None:
    """The address django-axes resolved (proxy-aware), else the socket's peer."""
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    return address or None


def staff_session_record(*, request: HttpRequest, user: Any, method: str) -> StaffSession:
    now = timezone.now()
    session = StaffSession.objects.create(
        user=user,
        session_key=request.session.session_key or "",
        signed_in_at=now,
        last_seen_at=now,
        ip_address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
        method=method,
    )
    audit_record(
        actor=user,
        action="auth.signed_in",
        target=user,
        data={"method": method or "password", "ip": session.ip_address or ""},
    )
    return session


def staff_session_forget(*, session_key: str | None) -> None:
    if session_key:
        StaffSession.objects.filter(session_key=session_key).delete()


def _end(keys: list[str]) -> int:
    Session.objects.filter(session_key__in=keys).delete()
    return StaffSession.objects.filter(session_key__in=keys).delete()[0]


@transaction.atomic
def staff_session_end(*, user: Any, session_id: int, actor: Any) -> bool:
    """End one of ``user``'s sessions (by its row id); False if it is not theirs or gone."""
    keys = list(
        StaffSession.objects.filter(user=user, pk=session_id).values_list("session_key", flat=True)
    )
    if not keys:
        return False
    _end(keys)
    audit_record(actor=actor, action="auth.session_ended", target=user, data={"count": 1})
    return True


@transaction.atomic
def staff_sessions_end_all(*, user: Any, actor: Any, keep: str | None = None) -> int:
    """Every session of ``user`` (but ``keep``): their browsers are signed out at once."""
    keys = list(
        StaffSession.objects.filter(user=user)
        .exclude(session_key=keep or "")
        .values_list("session_key", flat=True)
    )
    ended = _end(keys)
    audit_record(actor=actor, action="auth.sessions_ended", target=user, data={"count": ended})
    return ended


def staff_session_touch(*, session_key: str) -> None:
    StaffSession.objects.filter(session_key=session_key).update(last_seen_at=timezone.now())


def staff_sessions_sweep() -> int:
    """Forget rows whose Django session expired or vanished (beat, in every schema)."""
    Session.objects.filter(expire_date__lt=timezone.now()).delete()
    live = Session.objects.values("session_key")
    return StaffSession.objects.exclude(session_key__in=live).delete()[0]
