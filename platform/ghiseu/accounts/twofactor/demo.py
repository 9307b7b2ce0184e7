"""Demo logins stay usable with two-factor sign-in on: each demo administrator gets an
authenticator-app device whose secret is derived from their address and printed by
``make demo``; ``python -m ghiseu.accounts.twofactor.demo <e-mail>`` shows the current code
(no Django needed). Never in production."""

from __future__ import annotations

import base64
import hashlib
import os
import sys
import time
from typing import Any

from django_otp.oath import TOTP


def _refuse_in_production() -> None:
    if os.environ.get("DJANGO_ENV") == "production":
        raise RuntimeError("demo TOTP secrets are never made in production")


def demo_totp_key(email: str) -> bytes:
    _refuse_in_production()
    return hashlib.sha256(f"ghiseu-demo-totp:{email.lower()}".encode()).digest()[:20]


def demo_totp_secret(email: str) -> str:
    return base64.b32encode(demo_totp_key(email)).decode().rstrip("=")


def demo_totp_code(email: str) -> str:
    totp = TOTP(demo_totp_key(email))
    totp.time = time.time()
    return f"{totp.token():06d}"


def demo_totp_ensure(*, user: Any) -> None:
    """A confirmed device with the printed secret, unless the user already has one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not TOTPDevice.objects.filter(user=user).exists():
        TOTPDevice.objects.create(
            user=user,
            name="Demo",
            key=demo_totp_key(user.email).hex(),
            confirmed=True,
        )


if __name__ == "__main__":
    for address in sys.argv[1:]:
        print(f"{address}: {demo_totp_code(address)}")
