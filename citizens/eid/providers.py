"""The configured e-ID providers and what they publish (discovery document, signing keys).

Both are cached for an hour; the keys are fetched again at once when a token names a key we do
not know (the provider rotated its keys). A provider that does not answer raises
ProviderUnavailable, which the portal turns into a clear message (the e-mail route still works).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache

METADATA_SECONDS = 3600


class ProviderUnavailable(Exception):
    """The provider did not answer, or answered something that is not OpenID Connect."""


@dataclass(frozen=True)
class EidProvider:
    name: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    claims: dict[str, str]

    def _cache_key(self, what: str) -> str:
        return f"eid:{what}:" + hashlib.sha256(self.issuer.encode()).hexdigest()[:32]

    def metadata(self) -> dict[str, Any]:
        cached = cache.get(self._cache_key("metadata"))
        if cached is not None:
            return dict(cached)
        document = _get_json(f"{self.issuer}/.well-known/openid-configuration")
        required = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if any(not isinstance(document.get(key), str) for key in required):
            raise ProviderUnavailable("incomplete discovery document")
        if document["issuer"].rstrip("/") != self.issuer:
            raise ProviderUnavailable("the discovery document names another issuer")
        cache.set(self._cache_key("metadata"), document, METADATA_SECONDS)
        return document

    def signing_keys(self, *, refresh: bool = False) -> dict[str, Any]:
        cached = None if refresh else cache.get(self._cache_key("jwks"))
        if cached is not None:
            return dict(cached)
        keys = _get_json(self.metadata()["jwks_uri"])
        if not isinstance(keys.get("keys"), list):
            raise ProviderUnavailable("the provider's key set is not a JWKS")
        cache.set(self._cache_key("jwks"), keys, METADATA_SECONDS)
        return keys


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=settings.EID_HTTP_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(str(error)) from error
    if not isinstance(document, dict):
        raise ProviderUnavailable("not a JSON object")
    return document


def _from_settings(config: dict[str, Any]) -> EidProvider:
    return EidProvider(**config)


def eid_providers() -> list[EidProvider]:
    return [_from_settings(config) for config in settings.EID_PROVIDERS.values()]


def eid_provider(name: str) -> EidProvider | None:
    config = settings.EID_PROVIDERS.get(name)
    return _from_settings(config) if config else None
