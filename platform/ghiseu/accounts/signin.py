"""A sign-in in steps: the password, then (when the account has or needs one) a second factor.

Between the two steps the session holds only a pending sign-in, never an authenticated user,
so no page of the staff area opens before the second factor is proven. The pending state
expires, counts wrong codes and is dropped after too many.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.models import Device

from ghiseu.audit.services import audit_record

from .models import User

PENDING = "_ghiseu_pending_sign_in"
DEFAULT_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Pending:
    user: User
    next_url: str
    failures: int


def pending_start(request: HttpRequest, *, user: User, next_url: str) -> None:
    request.session.cycle_key()  # a new session id once the password is proven
    request.session[PENDING] = {
        "user": user.pk,
        "at": time.time(),
        "next": next_url,
        "failures": 0,
        "backend": getattr(user, "backend", DEFAULT_BACKEND),
    }


def pending_get(request: HttpRequest) -> Pending | None:
    state = request.session.get(PENDING)
    if not isinstance(state, dict):
        return None
    if time.time() - float(state.get("at", 0)) > settings.GHISEU_TWO_FACTOR_PENDING_MINUTES * 60:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=int(state.get("user") or 0), is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return None
    return Pending(user=user, next_url=str(state.get("next", "")), failures=state["failures"])


def pending_failed(request: HttpRequest, *, user: User, method: str) -> bool:
    """Count a wrong code; True when this sign-in is over and must start from the password."""
    state = request.session[PENDING]
    state["failures"] += 1
    request.session.modified = True
    over = state["failures"] >= settings.GHISEU_TWO_FACTOR_MAX_FAILURES
    audit_record(
        actor=None,
        action="2fa.too_many_failures" if over else "2fa.failed",
        target=user,
        data={"method": method, "failures": state["failures"]},
    )
    if over:
        request.session.pop(PENDING, None)
    return over


def sign_in_complete(request: HttpRequest, *, user: User, device: Device | None) -> str:
    """Sign the user in (recording the device that verified them); returns where to go next."""
    state = request.session.pop(PENDING, {}) or {}
    if device is not None:
        user.otp_device = device  # type: ignore[attr-defined]  # recorded by django-otp's receiver
    auth_login(request, user, backend=state.get("backend", DEFAULT_BACKEND))
    if device is not None:
        otp_login(request, device)
    return str(state.get("next", ""))


def verified_by(user: Any) -> Device | None:
    return getattr(user, "otp_device", None)
