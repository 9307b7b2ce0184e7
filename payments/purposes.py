"""What a payment pays for is named by a purpose, "<kind>:<id>". The app that owns a kind
registers what happens once it is paid (payments imports none of them: they plug in here
from their AppConfig.ready, as notification kinds do)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Payment

OnPaid = Callable[["Payment"], None]
_ON_PAID: dict[str, OnPaid] = {}


def purpose_register(kind: str, *, on_paid: OnPaid) -> None:
    _ON_PAID[kind] = on_paid


def purpose_on_paid(payment: Payment) -> OnPaid | None:
    return _ON_PAID.get(payment.purpose.partition(":")[0])
