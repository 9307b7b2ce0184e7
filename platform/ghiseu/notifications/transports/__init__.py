"""Delivery channels as small plug-ins; each raises TransportError(permanent=...)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class TransportError(Exception):
    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class Outgoing:
    """What a transport needs, and the stable identity a re-send must carry."""

    reference: str  # "<schema>.<notification uuid>": unique, and the same on every attempt
    recipient: str
    subject: str
    body_text: str
    body_html: str
    sender_name: str


class Transport(Protocol):
    """A transport module: ``name``, ``send`` and ``deduplicates``."""

    name: str

    def send(self, message: Outgoing) -> str:
        """Hand the message over; return the provider's reference."""

    def deduplicates(self) -> bool:
        """Whether the provider collapses a message handed over again with the same reference
        into the one it already has. Only then is a hand-over a crash interrupted repeated."""
