"""Signing staff in through every step, as a browser would (shared by the account suites)."""

from __future__ import annotations

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from ghiseu.accounts.models import User
from tests.world import PASSWORD


def code_for(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():06d}"


def password_step(client: Client, email: str, *, prefix: str = "/birou") -> str:
    response = client.post(f"{prefix}/autentificare/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]
    return response["Location"]


def totp_device_for(schema: str, email: str, *, confirmed: bool = True) -> TOTPDevice:
    with schema_context(schema):
        user = User.objects.get(email=email)
        device = TOTPDevice.objects.filter(user=user).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="app", confirmed=confirmed)
        return device


def sign_in_with_totp(client: Client, schema: str, email: str, *, prefix: str = "/birou") -> None:
    """Password, then a code of the user's (created if missing) authenticator app."""
    device = totp_device_for(schema, email)
    assert password_step(client, email, prefix=prefix) == f"{prefix}/autentificare/verificare/"
    response = client.post(
        f"{prefix}/autentificare/verificare/", {"method": "totp", "token": code_for(device)}
    )
    assert response.status_code == 302, response.content.decode()[:500]
