"""National e-ID sign-in (OpenID Connect): the providers, each configured by environment.

EID_PROVIDERS names them in the order the portal shows them; each name NAME reads
EID_<NAME>_ISSUER, EID_<NAME>_CLIENT_ID, EID_<NAME>_CLIENT_SECRET, EID_<NAME>_SCOPES,
EID_<NAME>_CLAIMS (our field=their claim, dots into nested claims) and EID_<NAME>_LABEL.
Every provider knows one redirect URI, on the county's domain, for every UAT.
"""

from __future__ import annotations

import re

from django.core.exceptions import ImproperlyConfigured

from .base import GHISEU_BASE_DOMAIN, GHISEU_URL_PORT, GHISEU_URL_SCHEME
from .env import env, secret

# What a provider's claims become on our side; a provider that names them otherwise says so.
EID_DEFAULT_CLAIMS = {
    "cnp": "cnp",
    "given_name": "given_name",
    "family_name": "family_name",
    "address": "address.formatted",
    "assurance": "acr",
}
_NAME = re.compile(r"^[a-z][a-z0-9]{0,29}$")


def _claims(text: str) -> dict[str, str]:
    mapping = dict(EID_DEFAULT_CLAIMS)
    for pair in filter(None, (part.strip() for part in text.split(","))):
        ours, _, theirs = pair.partition("=")
        if ours.strip() not in EID_DEFAULT_CLAIMS or not theirs.strip():
            raise ImproperlyConfigured(f"EID claim mapping {pair!r}: use field=claim")
        mapping[ours.strip()] = theirs.strip()
    return mapping


def _provider(name: str) -> dict[str, object]:
    if not _NAME.match(name):
        raise ImproperlyConfigured(f"EID provider name {name!r}: lower-case letters and digits")
    prefix = f"EID_{name.upper()}_"
    issuer = env.str(prefix + "ISSUER", default="").rstrip("/")
    client_id = env.str(prefix + "CLIENT_ID", default="")
    if not issuer or not client_id:
        raise ImproperlyConfigured(f"EID provider {name}: set {prefix}ISSUER and {prefix}CLIENT_ID")
    return {
        "name": name,
        "label": env.str(prefix + "LABEL", default=name),
        "issuer": issuer,
        "client_id": client_id,
        "client_secret": secret(prefix + "CLIENT_SECRET") or "",
        "scopes": env.str(prefix + "SCOPES", default="openid profile"),
        "claims": _claims(env.str(prefix + "CLAIMS", default="")),
    }


EID_PROVIDERS = {name: _provider(name) for name in env.list("EID_PROVIDERS", default=[])}
_port = f":{GHISEU_URL_PORT}" if GHISEU_URL_PORT else ""
EID_REDIRECT_URI = env.str(
    "EID_REDIRECT_URI", default=f"{GHISEU_URL_SCHEME}://{GHISEU_BASE_DOMAIN}{_port}/eid/revenire/"
)
EID_HTTP_TIMEOUT = env.float("EID_HTTP_TIMEOUT", default=10.0)
# A sign-in must come back from the provider within this time; its hand-over ticket is
# redeemed on the UAT's portal within the second.
EID_SIGN_IN_SECONDS = 600
EID_TICKET_SECONDS = 60
# How long a citizen stays signed in on a portal.
EID_SESSION_SECONDS = env.int("EID_SESSION_SECONDS", default=2 * 3600)
