"""The one interface every payment provider implements (a card processor, ghiseul.ro, ...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..models import Payment


class ProviderError(Exception):
    """The provider could not be reached or refused the request; the citizen may try again."""


class CallbackRefused(Exception):
    """A notification that is not the provider's (bad signature, wrong audience, altered)."""


@dataclass(frozen=True)
class Checkout:
    """Where the citizen pays: a page of the provider (redirect_url), or instructions to pay
    elsewhere with our reference (ghiseul.ro)."""

    provider_reference: str = ""
    redirect_url: str = ""


@dataclass(frozen=True)
class ProviderStatus:
    """What the provider says about a payment: one of our states, and the amount it saw."""

    state: str  # a PaymentState value; "pending" while the provider has no final word
    amount: Decimal | None = None
    provider_reference: str = ""
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Notification:
    """A verified notification: which payment (our reference), what it says, and the digest
    under which it is accepted once."""

    reference: str
    status: ProviderStatus
    dedupe_key: str


class PaymentProvider(Protocol):
    name: str
    # ghiseul.ro cannot be asked about a payment: its statement file reconciles instead.
    can_be_asked: bool

    def checkout(self, *, payment: Payment, return_url: str, notify_url: str) -> Checkout: ...

    def status(self, *, payment: Payment) -> ProviderStatus: ...

    def notification(self, *, body: bytes, headers: dict[str, str]) -> Notification: ...
