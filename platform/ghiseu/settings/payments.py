"""Fees paid online: the card processor (Netopia Payments API v2) and ghiseul.ro."""

from __future__ import annotations

from .env import IS_PRODUCTION, env, secret

NETOPIA_API_URL = env.str("NETOPIA_API_URL", default="")
NETOPIA_API_KEY = secret("NETOPIA_API_KEY") or ""
NETOPIA_POS_SIGNATURE = env.str("NETOPIA_POS_SIGNATURE", default="")
# Netopia's public key (PEM) that signs its notifications; the file form suits a secret store.
NETOPIA_PUBLIC_KEY = secret("NETOPIA_PUBLIC_KEY") or ""
PAYMENTS_HTTP_TIMEOUT = env.float("PAYMENTS_HTTP_TIMEOUT", default=15.0)
# An unpaid payment closes after this many hours (the citizen starts a new one).
PAYMENTS_EXPIRE_HOURS = env.int("PAYMENTS_EXPIRE_HOURS", default=72)
PAYMENTS_CARD_ENABLED = bool(NETOPIA_API_URL and NETOPIA_POS_SIGNATURE)
if IS_PRODUCTION and NETOPIA_API_URL and not NETOPIA_API_URL.startswith("https://"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("NETOPIA_API_URL must be https in production")
