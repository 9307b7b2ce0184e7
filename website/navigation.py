"""What the one site navigation needs on every page of a portal: the MOL's six sections."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .mol.models import Section


def site_navigation(request: HttpRequest) -> dict[str, Any]:
    if getattr(request, "tenant", None) is None:
        return {}
    return {"mol_sections": [(value, label, f"/mol/{value}/") for value, label in Section.choices]}
