"""Who is signed in where: one row per live staff session, so a user can see and end them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffSession(models.Model):
    """Mirrors a row of Django's session table (whose data cannot be queried by user).

    Created when a sign-in completes, removed at sign-out; ending it deletes the Django
    session too, so the browser holding it is signed out at its next request.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(_("autentificat la"))
    last_seen_at = models.DateTimeField(_("ultima activitate"))
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    # How the second factor was proven ("totp", "webauthn", "recovery"), or "" for none.
    method = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "-last_seen_at"])]

    def __str__(self) -> str:
        return f"session of {self.user_id} since {self.signed_in_at:%Y-%m-%d %H:%M}"
