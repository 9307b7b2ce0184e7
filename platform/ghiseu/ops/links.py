"""Absolute links for e-mails and receipts, which leave the request that made them."""

from __future__ import annotations

from django.conf import settings


def absolute_url(host: str, path: str) -> str:
    port = f":{settings.GHISEU_URL_PORT}" if settings.GHISEU_URL_PORT else ""
    return f"{settings.GHISEU_URL_SCHEME}://{host}{port}{path}"
