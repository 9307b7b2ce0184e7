"""Open work a staff member holds (cases, in dms), seen through a registry that domain apps
fill in their AppConfig.ready: the platform core never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WorkProvider:
    name: str
    # How many open items ``user`` holds.
    count_open: Callable[[Any], int]
    # Hands every open item of ``user`` to ``to`` (audited by the provider); returns how many.
    reassign: Callable[..., int]


PROVIDERS: dict[str, WorkProvider] = {}


def register_work_provider(provider: WorkProvider) -> None:
    PROVIDERS[provider.name] = provider


def open_work_count(user: Any) -> int:
    return sum(provider.count_open(user) for provider in PROVIDERS.values())


def open_work_reassign(*, user: Any, to: Any, actor: Any) -> int:
    return sum(provider.reassign(user=user, to=to, actor=actor) for provider in PROVIDERS.values())
