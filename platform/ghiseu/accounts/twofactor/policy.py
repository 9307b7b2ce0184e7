"""Who must sign in with a second factor, and which step a sign-in takes after the password."""

from __future__ import annotations

import enum
from typing import Any

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from ghiseu.ops.tenancy import current_tenant_record

from .models import WebAuthnCredential


class NextStep(enum.Enum):
    NONE = "none"  # signed in with the password alone
    VERIFY = "verify"  # prove one of the user's second factors
    SETUP = "setup"  # required but none yet: set one up as part of this sign-in


def two_factor_required(user: Any) -> bool:
    if not settings.GHISEU_TWO_FACTOR_ENFORCED:
        return False
    if getattr(user, "role", None) in settings.GHISEU_TWO_FACTOR_ROLES:
        return True
    if getattr(user, "two_factor_reset_at", None) is not None:
        return True
    uat = current_tenant_record()
    return bool(getattr(uat, "two_factor_for_all_staff", False))


def primary_factors(user: Any) -> dict[str, bool]:
    """Which sign-in factors the user has (recovery codes are a fallback, not a factor)."""
    return {
        "totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "webauthn": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
    }


def next_step(user: Any) -> NextStep:
    if any(primary_factors(user).values()):
        return NextStep.VERIFY
    return NextStep.SETUP if two_factor_required(user) else NextStep.NONE
