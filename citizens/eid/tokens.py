"""Checking an ID token: signature against the provider's published keys (joserfc, the JOSE
library authlib itself uses), then the OpenID Connect claims with authlib's CodeIDToken
(issuer, audience, expiry, nonce, authorized party, access-token hash). Nothing by hand."""

from __future__ import annotations

from typing import Any

from authlib.common.errors import AuthlibBaseError as ClaimsError
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import BadSignatureError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from .providers import EidProvider

# Clocks of two servers disagree a little; a minute is the usual allowance.
LEEWAY_SECONDS = 60


def _key_set(published: dict[str, Any]) -> KeySet:
    return KeySet.import_key_set(published)  # type: ignore[arg-type]


class TokenRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def id_token_claims(
    *, provider: EidProvider, id_token: str, nonce: str, access_token: str
) -> dict[str, Any]:
    """The ID token's claims, once every check passed; TokenRefused otherwise."""
    algorithms = provider.metadata().get("id_token_signing_alg_values_supported") or ["RS256"]
    registry = JWSRegistry(algorithms=[a for a in algorithms if a != "none"])
    try:
        try:
            token = jwt.decode(id_token, _key_set(provider.signing_keys()), registry=registry)
        except InvalidKeyIdError:  # the provider rotated its keys since we cached them
            keys = _key_set(provider.signing_keys(refresh=True))
            token = jwt.decode(id_token, keys, registry=registry)
    except BadSignatureError as error:
        raise TokenRefused("signature") from error
    except (JoseError, ValueError) as error:
        raise TokenRefused("malformed") from error
    claims = CodeIDToken(
        token.claims,
        token.header,
        {
            "iss": {"essential": True, "value": provider.issuer},
            "aud": {"essential": True, "value": provider.client_id},
        },
        {"nonce": nonce, "client_id": provider.client_id, "access_token": access_token},
    )
    try:
        claims.validate(leeway=LEEWAY_SECONDS)
    except (ClaimsError, JoseError) as error:
        raise TokenRefused(getattr(error, "error", "claims")) from error
    return dict(claims)
