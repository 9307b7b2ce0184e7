from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .session import signed_in_citizen


def citizen(request: HttpRequest) -> dict[str, Any]:
    """The signed-in citizen, on a portal's pages (the county site has none)."""
    if getattr(request, "tenant", None) is None:
        return {"signed_in": None}
    return {"signed_in": signed_in_citizen(request)}
