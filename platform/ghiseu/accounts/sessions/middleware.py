"""Idle timeout and absolute lifetime of a signed-in session (both settings)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ghiseu.audit.services import audit_record

from .services import staff_session_touch

SIGNED_IN_AT = "_ghiseu_signed_in_at"
SEEN_AT = "_ghiseu_seen_at"
# Activity is written back at most this often (a session write per request would be waste).
TOUCH_EVERY_SECONDS = 60


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            self._check(request, user)
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            # Staff pages carry personal data: no shared or on-disk cache keeps them.
            response["Cache-Control"] = "private, no-store"
        return response

    def _check(self, request: HttpRequest, user: Any) -> None:
        now = time.time()
        session = request.session
        signed_in = session.setdefault(SIGNED_IN_AT, now)
        seen = session.get(SEEN_AT, signed_in)
        reason = ""
        if now - signed_in > settings.GHISEU_SESSION_MAX_HOURS * 3600:
            reason = "lifetime"
        elif now - seen > settings.GHISEU_SESSION_IDLE_MINUTES * 60:
            reason = "idle"
        if reason:
            audit_record(
                actor=user, action="auth.session_expired", target=user, data={"reason": reason}
            )
            request._ghiseu_session_expiring = True  # type: ignore[attr-defined]
            logout(request)
            messages.info(
                request,
                _("Sesiunea a expirat după o perioadă de inactivitate. Autentificați-vă din nou.")
                if reason == "idle"
                else _("Sesiunea a ajuns la durata maximă. Autentificați-vă din nou."),
            )
            return
        if now - seen >= TOUCH_EVERY_SECONDS:
            session[SEEN_AT] = now
            if session.session_key:
                staff_session_touch(session_key=session.session_key)
