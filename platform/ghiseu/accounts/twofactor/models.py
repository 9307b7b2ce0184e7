"""Second factors beyond django-otp's TOTP device: passkeys / security keys and recovery codes.

Both are django-otp devices, so a verified session records which one proved the sign-in and
``request.user.is_verified()`` works the same whatever the method.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


class WebAuthnCredential(TimestampMixin, Device):
    """A passkey or security key registered on one host (its WebAuthn relying party)."""

    credential_id = models.CharField(max_length=1400, unique=True)  # base64url
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    rp_id = models.CharField(max_length=253)
    transports = models.JSONField(default=list, blank=True)
    aaguid = models.CharField(max_length=36, blank=True)
    backed_up = models.BooleanField(default=False)

    class Meta(Device.Meta):
        verbose_name = _("cheie de acces")
        verbose_name_plural = _("chei de acces")

    def verify_token(self, token: object) -> bool:
        # A passkey proves itself with a signed assertion (twofactor.webauthn), never a code.
        return False


def recovery_code_digest(code: str) -> str:
    """Codes carry 80 random bits, so a plain SHA-256 is safe to store (nothing to guess
    offline) and survives a rotation of the secret key. Spaces, dashes and case are ignored."""
    normalized = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalized.encode()).hexdigest()


class RecoveryCodeSet(TimestampMixin, ThrottlingMixin, Device):
    """Ten single-use codes for a lost device; only their hashes are stored."""

    class Meta(Device.Meta):
        verbose_name = _("coduri de recuperare")
        verbose_name_plural = _("coduri de recuperare")

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1))

    def verify_token(self, token: object) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed or not isinstance(token, str):
            return False
        # One winner when the same code is sent twice at once: the conditional update.
        used = self.codes.filter(digest=recovery_code_digest(token), used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment(commit=True)
        return False

    @property
    def remaining(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeSet, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "digest"], name="recovery_code_unique")
        ]

    def __str__(self) -> str:
        return f"recovery code {self.pk} ({'used' if self.used_at else 'unused'})"
