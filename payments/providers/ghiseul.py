"""ghiseul.ro: the citizen pays on the national portal, naming our payment reference in the
payment's details; nobody can ask ghiseul.ro about one payment, so the UAT's statement file
(the report of the payments it received) reconciles them. See ``payments.statements``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import CallbackRefused, Checkout, Notification, ProviderStatus

if TYPE_CHECKING:
    from ..models import Payment


class GhiseulProvider:
    name = "ghiseul"
    can_be_asked = False

    def checkout(self, *, payment: Payment, return_url: str, notify_url: str) -> Checkout:
        return Checkout()  # the page shows the reference and how to pay it on ghiseul.ro

    def status(self, *, payment: Payment) -> ProviderStatus:
        return ProviderStatus(state="pending")

    def notification(self, *, body: bytes, headers: dict[str, str]) -> Notification:
        raise CallbackRefused("ghiseul.ro sends no notifications; its statement reconciles")
