"""Writes on second factors: set-up, verification, removal, recovery codes, resets.

A failed check is recorded (django-otp's throttle, the audit event) in a transaction that
commits: the caller gets ``None``/``False`` back rather than an exception that would roll
the record of the failure back with it.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from webauthn.helpers import bytes_to_base64url
from webauthn.registration.verify_registration_response import VerifiedRegistration

from ghiseu.audit.services import audit_record

from .models import RecoveryCode, RecoveryCodeSet, WebAuthnCredential, recovery_code_digest
from .policy import two_factor_required

RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6


def _code_is_well_formed(token: str) -> bool:
    return len(token) == TOTP_DIGITS and token.isdigit()


def totp_device_start(*, user: Any) -> TOTPDevice:
    """The unconfirmed device whose secret the set-up page shows (the same one on a reload)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=_("Aplicație de autentificare"), confirmed=False
            )
    return device


def totp_device_confirm(*, user: Any, token: str) -> TOTPDevice | None:
    """Confirm the set-up with the first code the app shows; None when the code is wrong."""
    token = "".join((token or "").split())
    with transaction.atomic():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise ValidationError(
                _("Aveți deja o aplicație de autentificare. Eliminați-o mai întâi."),
                code="totp_exists",
            )
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise ValidationError(
                _("Configurarea a expirat. Reîncărcați pagina și scanați codul nou."),
                code="totp_no_setup",
            )
        if not _code_is_well_formed(token) or not device.verify_token(token):
            audit_record(
                actor=user, action="2fa.setup_failed", target=user, data={"method": "totp"}
            )
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(actor=user, action="2fa.totp_added", target=user, data={})
    return device


def webauthn_credential_add(
    *, user: Any, verified: VerifiedRegistration, rp_id: str, name: str, transports: list[str]
) -> WebAuthnCredential:
    credential_id = bytes_to_base64url(verified.credential_id)
    with transaction.atomic():
        if WebAuthnCredential.objects.filter(credential_id=credential_id).exists():
            raise ValidationError(_("Această cheie este deja înregistrată."), code="webauthn_dup")
        credential = WebAuthnCredential.objects.create(
            user=user,
            name=(name or "").strip()[:64] or _("Cheie de acces"),
            credential_id=credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            rp_id=rp_id,
            transports=transports,
            aaguid=str(verified.aaguid)[:36],
            backed_up=bool(getattr(verified, "credential_backed_up", False)),
        )
        audit_record(
            actor=user,
            action="2fa.webauthn_added",
            target=user,
            data={"credential": credential.pk, "name": credential.name, "rp_id": rp_id},
        )
    return credential


def webauthn_sign_in_record(*, credential: WebAuthnCredential, new_sign_count: int) -> None:
    """A verified assertion: keep the authenticator's counter (a cloned key would repeat it)."""
    with transaction.atomic():
        locked = WebAuthnCredential.objects.select_for_update().get(pk=credential.pk)
        locked.sign_count = new_sign_count
        locked.set_last_used_timestamp(commit=False)
        locked.save(update_fields=["sign_count", "last_used_at"])


def second_factor_check(*, user: Any, method: str, token: str) -> Device | None:
    """The user's device that accepts ``token`` for ``method`` ("totp" or "recovery"), or None.

    django-otp refuses a TOTP code already used (its time step is remembered) and slows
    every device down after each failure; a recovery code is spent by the first use."""
    token = "".join((token or "").split())
    model: type[Device] = TOTPDevice if method == "totp" else RecoveryCodeSet
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None or not token or len(token) > 32:
            return None
        if method == "totp" and not _code_is_well_formed(token):
            return None
        if not device.verify_token(token):
            return None
        if method == "recovery":
            audit_record(
                actor=user,
                action="2fa.recovery_code_used",
                target=user,
                data={
                    "remaining": RecoveryCode.objects.filter(
                        device=device, used_at__isnull=True
                    ).count()
                },
            )
    return device


def device_throttled_until(*, user: Any, method: str) -> Any:
    """When a throttled device accepts codes again (None if it does now)."""
    model: type[Device] = TOTPDevice if method == "totp" else RecoveryCodeSet
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    allowed, details = device.verify_is_allowed()
    return None if allowed else (details or {}).get("locked_until")


def _format_code(raw: bytes) -> str:
    text = base64.b32encode(raw).decode().lower()  # 16 characters: 80 bits
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


@transaction.atomic
def recovery_codes_generate(*, user: Any) -> list[str]:
    """Ten new codes, replacing any earlier ones; shown once, stored only as hashes."""
    RecoveryCodeSet.objects.filter(user=user).delete()
    device = RecoveryCodeSet.objects.create(user=user, name=_("Coduri de recuperare"))
    codes = [_format_code(secrets.token_bytes(10)) for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes
    )
    audit_record(actor=user, action="2fa.recovery_codes_generated", target=user, data={})
    return codes


def factor_count(user: Any) -> int:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).count()
        + WebAuthnCredential.objects.filter(user=user, confirmed=True).count()
    )


@transaction.atomic
def device_remove(*, user: Any, kind: str, device_id: int) -> None:
    """Remove one of the user's own factors; the last one goes only if none is required."""
    model: type[Device] = TOTPDevice if kind == "totp" else WebAuthnCredential
    device = model.objects.select_for_update().filter(user=user, pk=device_id).first()
    if device is None:
        raise ValidationError(_("Metoda nu mai există."), code="device_missing")
    others = factor_count(user) - 1
    if others <= 0 and two_factor_required(user):
        raise ValidationError(
            _("Contul dumneavoastră trebuie să aibă cel puțin o metodă de verificare."),
            code="last_factor",
        )
    device.delete()
    if others <= 0:
        RecoveryCodeSet.objects.filter(user=user).delete()
    audit_record(
        actor=user, action="2fa.device_removed", target=user, data={"method": kind, "id": device_id}
    )


def devices_remove_all(*, user: Any) -> int:
    """Every second factor of ``user`` (inside the caller's transaction)."""
    removed = 0
    for model in (TOTPDevice, WebAuthnCredential, RecoveryCodeSet):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return removed
