"""The staff home (/birou/) is a dashboard composed of panels that the domain apps register
in their AppConfig.ready (the platform core imports none of them): the cases' app shows the
user's work, reporting the indicators and the open nonconformities."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50  # lower first


PanelSource = Callable[[HttpRequest], Panel | None]
_SOURCES: list[PanelSource] = []


def panel_register(source: PanelSource) -> None:
    """``source(request)`` gives its panel for the signed-in user, or None for nothing."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def panels_for(request: HttpRequest) -> list[Panel]:
    panels = [panel for source in _SOURCES if (panel := source(request)) is not None]
    return sorted(panels, key=lambda panel: panel.order)
