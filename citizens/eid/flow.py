"""The sign-in, from a UAT's portal to the provider and back.

1. ``sign_in_start`` (on the portal): state, nonce and PKCE verifier are made and kept in a
   public-schema row; the portal's own session keeps a browser key whose digest the row holds.
2. ``sign_in_complete`` (on the county's domain, the one redirect URI every provider knows):
   the state is claimed once, the code exchanged with the verifier, the ID token checked, the
   citizen's identity recorded, and a ticket made that only that browser can redeem.
3. ``sign_in_redeem`` (back on the portal): the ticket, fresh, for this UAT, with the browser
   key of the session that started, is spent once; the portal's session is then signed in.
No cookie is ever set for the parent domain: each host keeps its own.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ghiseu.audit.services import audit_record

from ..models import SignIn, SignInOutcome
from ..services import IdentityClaims, citizen_sign_in
from .providers import EidProvider, ProviderUnavailable, eid_provider
from .tokens import TokenRefused, id_token_claims

logger = logging.getLogger(__name__)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _client(provider: EidProvider) -> OAuth2Session:
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        scope=provider.scopes,
        redirect_uri=settings.EID_REDIRECT_URI,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106 (a method name)
    )


@dataclass(frozen=True)
class Started:
    authorization_url: str
    browser_key: str


def sign_in_start(
    *, provider: EidProvider, schema_name: str, return_origin: str, return_path: str
) -> Started:
    """Raises ProviderUnavailable when the provider's discovery document cannot be read."""
    endpoint = provider.metadata()["authorization_endpoint"]
    state, nonce, verifier = (
        secrets.token_urlsafe(32),
        secrets.token_urlsafe(24),
        generate_token(64),
    )
    browser_key = secrets.token_urlsafe(32)
    url, _state = _client(provider).create_authorization_url(
        endpoint, state=state, nonce=nonce, code_verifier=verifier
    )
    SignIn.objects.create(
        state_digest=digest(state),
        browser_digest=digest(browser_key),
        provider=provider.name,
        schema_name=schema_name,
        return_origin=return_origin,
        return_path=return_path,
        nonce=nonce,
        code_verifier=verifier,
        created_at=timezone.now(),
    )
    return Started(authorization_url=url, browser_key=browser_key)


@dataclass(frozen=True)
class Completed:
    """Where the browser goes next: the portal that started, or None when the state named no
    sign-in we made (the county's page then says so)."""

    redirect_url: str | None
    error: str = ""


def sign_in_complete(*, state: str, code: str, error: str) -> Completed:
    now = timezone.now()
    fresh = now - timedelta(seconds=settings.EID_SIGN_IN_SECONDS)
    row_filter = SignIn.objects.filter(state_digest=digest(state or "-"))
    # Claimed by one conditional update: a replayed callback finds nothing left to claim.
    claimed = row_filter.filter(outcome=SignInOutcome.STARTED, created_at__gte=fresh).update(
        outcome=SignInOutcome.FAILED, error="in_progress", answered_at=now
    )
    sign_in = row_filter.first()
    if sign_in is None:
        return Completed(redirect_url=None, error="unknown_state")
    if not claimed:
        expired = sign_in.outcome == SignInOutcome.STARTED
        return _failed(sign_in, "expired" if expired else "replayed", record=expired)
    provider = eid_provider(sign_in.provider)
    if provider is None:
        return _failed(sign_in, "provider_unknown")
    if error or not code:
        return _failed(sign_in, "denied" if error == "access_denied" else "provider_error")
    try:
        identity = _identity(provider, sign_in, code)
    except ProviderUnavailable as problem:
        logger.warning("e-ID provider %s unavailable: %s", provider.name, problem)
        return _failed(sign_in, "provider_unavailable")
    except TokenRefused as refused:
        logger.warning("e-ID token from %s refused: %s", provider.name, refused.reason)
        return _failed(sign_in, "token_refused")
    ticket = secrets.token_urlsafe(32)
    with transaction.atomic():
        citizen = citizen_sign_in(provider=provider.name, identity=identity)
        SignIn.objects.filter(pk=sign_in.pk).update(
            outcome=SignInOutcome.SIGNED_IN,
            error="",
            citizen=citizen,
            assurance=identity.assurance,
            ticket_digest=digest(ticket),
            answered_at=timezone.now(),
        )
        audit_record(
            actor=None,
            action="citizen.signed_in",
            target=citizen,
            data={"provider": provider.name, "assurance": identity.assurance},
        )
    return Completed(redirect_url=f"{sign_in.return_origin}/eid/intrare/?bilet={ticket}")


def _failed(sign_in: SignIn, error: str, *, record: bool = True) -> Completed:
    if record:
        SignIn.objects.filter(pk=sign_in.pk).update(outcome=SignInOutcome.FAILED, error=error)
    return Completed(
        redirect_url=f"{sign_in.return_origin}/eid/intrare/?eroare={error}", error=error
    )


def _identity(provider: EidProvider, sign_in: SignIn, code: str) -> IdentityClaims:
    metadata = provider.metadata()
    client = _client(provider)
    try:
        token = client.fetch_token(
            metadata["token_endpoint"],
            code=code,
            code_verifier=sign_in.code_verifier,
            timeout=settings.EID_HTTP_TIMEOUT,
        )
    except OAuthError as refused:
        raise TokenRefused(f"token endpoint: {refused.error}") from refused
    except (requests.RequestException, ValueError) as down:
        raise ProviderUnavailable(str(down)) from down
    if not isinstance(token.get("id_token"), str):
        raise TokenRefused("no ID token")
    claims = id_token_claims(
        provider=provider,
        id_token=token["id_token"],
        nonce=sign_in.nonce,
        access_token=str(token.get("access_token", "")),
    )
    userinfo_endpoint = metadata.get("userinfo_endpoint")
    if isinstance(userinfo_endpoint, str) and token.get("access_token"):
        try:
            response = client.get(userinfo_endpoint, timeout=settings.EID_HTTP_TIMEOUT)
            response.raise_for_status()
            userinfo: Any = response.json()
        except (requests.RequestException, ValueError) as down:
            raise ProviderUnavailable(str(down)) from down
        # OpenID Connect Core 5.3.2: userinfo about someone else is not to be used.
        if not isinstance(userinfo, dict) or userinfo.get("sub") != claims.get("sub"):
            raise TokenRefused("userinfo subject")
        claims = {**userinfo, **claims}
    return IdentityClaims.from_claims(claims, mapping=provider.claims)


def sign_in_redeem(*, ticket: str, browser_key: str, schema_name: str) -> SignIn | None:
    """The sign-in the ticket closes, spent now; None when the ticket is unknown, spent,
    stale, for another UAT or brought by another browser."""
    fresh = timezone.now() - timedelta(seconds=settings.EID_TICKET_SECONDS)
    matching = SignIn.objects.filter(
        ticket_digest=digest(ticket or "-"),
        browser_digest=digest(browser_key or "-"),
        schema_name=schema_name,
        outcome=SignInOutcome.SIGNED_IN,
        answered_at__gte=fresh,
    )
    sign_in = matching.select_related("citizen").first()
    if sign_in is None or not matching.update(outcome=SignInOutcome.REDEEMED):
        return None
    return sign_in


def sign_in_sweep(*, older_than_days: int = 1) -> int:
    """Sign-in rows are needed for minutes; keep a day for support, then forget them."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = SignIn.objects.filter(created_at__lt=cutoff).delete()
    return deleted
