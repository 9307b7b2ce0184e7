"""Absolute links for e-mails and receipts, which leave the request that made them."""

from __future__ import annotations

from django.conf import settings


def absolute_url(host: str, path: str) -> str:
    port = f":{settings.GHISEU_URL_PORT}" if settings.GHISEU_URL_PORT else ""
    return f"{settings.GHISEU_URL_SCHEME}://{host}{port}{path}"


def uat_url(path: str) -> str:
    """``path`` on the portal of the current schema's UAT (its primary domain)."""
    from .tenancy import current_tenant_record

    tenant = current_tenant_record()
    return absolute_url(tenant.get_primary_domain().domain, path)
