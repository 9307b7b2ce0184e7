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


class SmsTransport(Protocol):
    name: str

    def send(self, message: Outgoing) -> str:
        """Hand the SMS over; return the provider's reference."""
