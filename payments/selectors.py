"""Reads on payments."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Payment


def payment_for_purpose(*, purpose: str) -> Payment | None:
    return Payment.objects.filter(purpose=purpose).first()


def payment_by_reference(*, reference: str) -> Payment | None:
    return Payment.objects.filter(reference=reference[:32]).first()


def payments_for_staff(*, state: str = "") -> QuerySet[Payment]:
    payments = Payment.objects.select_related("case__entry").order_by("-created_at")
    return payments.filter(state=state) if state else payments
