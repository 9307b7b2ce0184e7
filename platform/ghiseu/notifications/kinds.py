"""Notification kinds: each has default templates and a sample context for checking overrides.

Domain apps register their kinds in AppConfig.ready (the platform core never imports them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Kind:
    name: str
    sample_context: dict[str, Any] = field(default_factory=dict)


KINDS: dict[str, Kind] = {}


def register_kind(name: str, sample_context: dict[str, Any]) -> Kind:
    kind = Kind(name=name, sample_context=sample_context)
    KINDS[name] = kind
    return kind


def kind_get(name: str) -> Kind:
    if name not in KINDS:
        raise LookupError(f"unknown notification kind: {name}")
    return KINDS[name]


# The confirmation a UAT administrator sends to check the pipeline end to end.
register_kind("test", {"recipient_name": "Ion Popescu"})
