"""Passkeys and security keys through py_webauthn, one relying party per host.

A credential is bound to the host it was registered on (the portal's own domain), so a
passkey of one UAT is useless on another, and an assertion made for another origin fails.
The challenge lives in the session and is used once.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)
from webauthn.registration.verify_registration_response import VerifiedRegistration

from ghiseu.ops.tenancy import tenant_db

from .models import WebAuthnCredential

REGISTRATION_CHALLENGE = "_ghiseu_webauthn_registration"
AUTHENTICATION_CHALLENGE = "_ghiseu_webauthn_authentication"
MAX_RESPONSE_BYTES = 64 * 1024
TIMEOUT_MS = 120_000


def relying_party(request: HttpRequest) -> tuple[str, str]:
    """(RP id, origin) of the host the browser is on."""
    host = request.get_host()
    rp_id = (host.rsplit(":", 1)[0] if not host.endswith("]") else host).lower().rstrip(".")
    return rp_id, f"{request.scheme}://{host}"


def _user_handle(user: Any) -> bytes:
    # Opaque and stable, no personal data: the schema and the account number, hashed.
    return hashlib.sha256(f"{tenant_db().schema_name}/{user.pk}".encode()).digest()


def _descriptors(user: Any, rp_id: str) -> list[PublicKeyCredentialDescriptor]:
    descriptors = []
    for credential in WebAuthnCredential.objects.filter(user=user, rp_id=rp_id, confirmed=True):
        transports = []
        for name in credential.transports:
            try:
                transports.append(AuthenticatorTransport(name))
            except ValueError:
                continue
        descriptors.append(
            PublicKeyCredentialDescriptor(
                id=base64url_to_bytes(credential.credential_id), transports=transports or None
            )
        )
    return descriptors


def registration_options(request: HttpRequest, *, user: Any, rp_name: str) -> dict[str, Any]:
    """Options for navigator.credentials.create(), as JSON-ready data (the page embeds them
    with json_script, which escapes whatever a user's name holds)."""
    rp_id, _origin = relying_party(request)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=rp_name,
        user_id=_user_handle(user),
        user_name=user.email,
        user_display_name=user.full_name or user.email,
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=_descriptors(user, rp_id),
    )
    request.session[REGISTRATION_CHALLENGE] = bytes_to_base64url(options.challenge)
    return dict(json.loads(options_to_json(options)))


def authentication_options(request: HttpRequest, *, user: Any) -> dict[str, Any]:
    rp_id, _origin = relying_party(request)
    options = generate_authentication_options(
        rp_id=rp_id,
        timeout=TIMEOUT_MS,
        allow_credentials=_descriptors(user, rp_id),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[AUTHENTICATION_CHALLENGE] = bytes_to_base64url(options.challenge)
    return dict(json.loads(options_to_json(options)))


def _parsed(response_json: str) -> dict[str, Any]:
    if not response_json or len(response_json) > MAX_RESPONSE_BYTES:
        raise ValidationError(_("Răspunsul cheii lipsește sau este prea mare."), code="webauthn")
    try:
        parsed = json.loads(response_json)
    except ValueError:
        raise ValidationError(_("Răspunsul cheii nu poate fi citit."), code="webauthn") from None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("id"), str):
        raise ValidationError(_("Răspunsul cheii nu poate fi citit."), code="webauthn")
    return parsed


def _challenge(request: HttpRequest, key: str) -> bytes:
    stored = request.session.pop(key, None)  # used once, whatever the outcome
    if not stored:
        raise ValidationError(
            _("Cererea a expirat. Încercați din nou."), code="webauthn_no_challenge"
        )
    return base64url_to_bytes(stored)


def registration_verify(request: HttpRequest, *, response_json: str) -> VerifiedRegistration:
    parsed = _parsed(response_json)
    challenge = _challenge(request, REGISTRATION_CHALLENGE)
    rp_id, origin = relying_party(request)
    try:
        return verify_registration_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError):
        raise ValidationError(
            _("Cheia nu a putut fi înregistrată. Încercați din nou."), code="webauthn_invalid"
        ) from None


def authentication_verify(
    request: HttpRequest, *, user: Any, response_json: str
) -> tuple[WebAuthnCredential, int]:
    """The user's credential that signed this challenge on this origin, and its new counter.

    A credential of another user (or registered on another host) is not found: refused."""
    parsed = _parsed(response_json)
    challenge = _challenge(request, AUTHENTICATION_CHALLENGE)
    rp_id, origin = relying_party(request)
    credential = WebAuthnCredential.objects.filter(
        user=user, rp_id=rp_id, confirmed=True, credential_id=parsed["id"]
    ).first()
    if credential is None:
        raise ValidationError(
            _("Această cheie nu aparține contului dumneavoastră pe acest portal."),
            code="webauthn_unknown",
        )
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(credential.public_key),
            credential_current_sign_count=credential.sign_count,
        )
    except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError):
        raise ValidationError(
            _("Cheia nu a confirmat autentificarea."), code="webauthn_invalid"
        ) from None
    return credential, verified.new_sign_count


def transports_of(response_json: str) -> list[str]:
    response = _parsed(response_json).get("response") or {}
    transports = response.get("transports") if isinstance(response, dict) else None
    if not isinstance(transports, list):
        return []
    return [t for t in transports if isinstance(t, str)][:8]
