"""Sign-ins, failures, lockouts and sign-outs become audit events of the UAT (or the county)."""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from ghiseu.audit.services import audit_record

from .models import User
from .sessions.middleware import SEEN_AT, SIGNED_IN_AT
from .sessions.services import staff_session_forget, staff_session_record

EXPIRING = "_ghiseu_session_expiring"


def _method(user: Any) -> str:
    device = getattr(user, "otp_device", None)
    if device is None:
        return ""
    return {"totpdevice": "totp", "webauthncredential": "webauthn"}.get(
        device._meta.model_name, "recovery"
    )


@receiver(user_logged_in, dispatch_uid="ghiseu.accounts.signed_in")
def signed_in(sender: object, request: HttpRequest, user: User, **kwargs: object) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now
    request.session.save()  # the row the StaffSession mirrors must exist with its key
    staff_session_record(request=request, user=user, method=_method(user))


@receiver(user_logged_out, dispatch_uid="ghiseu.accounts.signed_out")
def signed_out(sender: object, request: HttpRequest, user: User | None, **kwargs: object) -> None:
    staff_session_forget(session_key=request.session.session_key)
    if user is not None and not getattr(request, EXPIRING, False):
        audit_record(actor=user, action="auth.signed_out", target=user, data={})


def _account(email: str) -> User | None:
    return User.objects.filter(email__iexact=(email or "")[:254]).first()


@receiver(user_login_failed, dispatch_uid="ghiseu.accounts.sign_in_failed")
def sign_in_failed(sender: object, credentials: dict[str, Any], **kwargs: object) -> None:
    account = _account(str(credentials.get("username", "")))
    if account is not None:  # unknown addresses are django-axes' business, not an account's
        audit_record(actor=None, action="auth.sign_in_failed", target=account, data={})


@receiver(user_locked_out, dispatch_uid="ghiseu.accounts.locked_out")
def locked_out(sender: object, request: HttpRequest, username: str, **kwargs: object) -> None:
    account = _account(username)
    if account is not None:
        audit_record(actor=None, action="auth.locked_out", target=account, data={})
