"""A resumed draft waits in the session for the form it belongs to, which starts from it."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from .models import Draft

SESSION_KEY = "ghiseu_resumed_draft"


def draft_hold(session: SessionBase, draft: Draft) -> None:
    session[SESSION_KEY] = {"id": draft.pk, "code": draft.service_code}


def draft_held(session: SessionBase, *, service_code: str) -> Draft | None:
    """The draft this session resumed for ``service_code`` (still there, not expired)."""
    held: Any = session.get(SESSION_KEY)
    if not isinstance(held, dict) or held.get("code") != service_code:
        return None
    from django.utils import timezone

    return Draft.objects.filter(pk=int(held.get("id") or 0), expires_at__gt=timezone.now()).first()


def draft_release(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)
