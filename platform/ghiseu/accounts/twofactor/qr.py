"""The TOTP set-up: its otpauth:// address, drawn as an inline SVG QR code (no script)."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import quote, urlencode

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_secret(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode().rstrip("=")


def totp_secret_grouped(device: TOTPDevice) -> str:
    secret = totp_secret(device)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_uri(device: TOTPDevice, *, issuer: str) -> str:
    issuer = issuer.replace(":", "")
    label = quote(f"{issuer}:{device.user.get_username()}")
    query = urlencode(
        {"secret": totp_secret(device), "issuer": issuer, "digits": device.digits, "period": 30}
    )
    return f"otpauth://totp/{label}?{query}"


def qr_svg(data: str, *, title: str) -> str:
    return str(segno.make(data, error="m").svg_inline(scale=4, title=title, border=2))
