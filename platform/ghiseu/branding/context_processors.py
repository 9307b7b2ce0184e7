"""What every page needs to wear its UAT's colours and name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def branding(request: HttpRequest) -> dict[str, Any]:
    return {
        "uat": getattr(request, "tenant", None),
        "county_name": settings.GHISEU_COUNTY_NAME,
        "base_domain": settings.GHISEU_BASE_DOMAIN,
    }
