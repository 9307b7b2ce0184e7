"""Writes on payments. Every state change goes through ``payment_transition`` (the row
locked, the change allowed by TRANSITIONS, an event and an audit record in the same
transaction); what a paid purpose does next runs after COMMIT, and again from the beat job
until it is done, so a crash in between loses nothing."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from ghiseu.audit.services import audit_record
from ghiseu.ops.tenancy import tenant_db

from .models import OPEN_STATES, TRANSITIONS, Payment, PaymentEvent, PaymentState
from .providers import CallbackRefused, ProviderError, ProviderStatus, provider_get
from .purposes import purpose_on_paid

logger = logging.getLogger(__name__)
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed


class PaymentRefused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _reference() -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"GHS-{body[:4]}-{body[4:]}"


def payment_require(
    *,
    purpose: str,
    provider: str,
    amount: Decimal,
    description: str,
    payer_name: str = "",
    payer_email: str = "",
    case: Any = None,
    return_path: str = "",
) -> Payment:
    """The payment of ``purpose``, created once: asking again returns the same payment, with
    the same reference, whatever amount a browser sent meanwhile."""
    if not isinstance(amount, Decimal) or amount <= 0:
        raise PaymentRefused("amount")
    existing = Payment.objects.filter(purpose=purpose).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    reference=_reference(),
                    purpose=purpose,
                    case=case,
                    provider=provider,
                    amount=amount.quantize(Decimal("0.01")),
                    description=description[:200],
                    payer_name=payer_name[:200],
                    payer_email=payer_email,
                    return_path=return_path[:300],
                    expires_at=timezone.now() + timedelta(hours=settings.PAYMENTS_EXPIRE_HOURS),
                )
                audit_record(
                    actor=None,
                    action="payment.created",
                    target=payment,
                    data={"reference": payment.reference, "amount": str(payment.amount)},
                )
                return payment
        except IntegrityError:
            existing = Payment.objects.filter(purpose=purpose).first()
            if existing is not None:
                return existing  # another request created it: the same payment
    raise RuntimeError("no free payment reference after five draws")


@transaction.atomic
def payment_transition(
    *,
    payment_id: int,
    to: str,
    source: str,
    data: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    actor: Any = None,
) -> tuple[Payment, bool]:
    """Move the payment to ``to`` if the state machine allows it from where it is now.
    Returns (payment, changed)."""
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if to == payment.state or to not in TRANSITIONS[payment.state]:
        return payment, False
    before = payment.state
    payment.state = to
    if to == PaymentState.PAID:
        payment.paid_at = timezone.now()
    payment.save(update_fields=["state", "paid_at", "changed_at"])
    PaymentEvent.objects.create(
        payment=payment,
        source=source,
        from_state=before,
        to_state=to,
        dedupe_key=dedupe_key,
        data=data or {},
    )
    audit_record(
        actor=actor,
        action=f"payment.{to}",
        target=payment,
        data={"reference": payment.reference, "from": before, "source": source},
    )
    if to == PaymentState.PAID:
        schema = tenant_db().schema_name
        transaction.on_commit(lambda: _settle_in(schema, payment.pk), robust=True)
    return payment, True


def _settle_in(schema: str, payment_id: int) -> None:
    with schema_context(schema):
        payment_settle(payment_id=payment_id)


def payment_settle(*, payment_id: int) -> bool:
    """Do what the paid purpose asks (register the submission, release the case), once."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.state != PaymentState.PAID or payment.events.filter(source="settled").exists():
            return False
        on_paid = purpose_on_paid(payment)
        if on_paid is not None:
            on_paid(payment)
        PaymentEvent.objects.create(payment=payment, source="settled", data={})
    return True


def payment_checkout(*, payment: Payment, return_url: str, notify_url: str) -> str:
    """Hand the payment to its provider; the URL the citizen goes to pay ("" when they pay
    elsewhere with the reference). A paid or closed payment is not started again."""
    if payment.state not in OPEN_STATES:
        raise PaymentRefused(payment.state)
    if payment.expires_at <= timezone.now():
        payment_transition(payment_id=payment.pk, to=PaymentState.EXPIRED, source="citizen")
        raise PaymentRefused("expired")
    if payment.state == PaymentState.PENDING and payment.payment_url:
        return payment.payment_url  # the same checkout: never a second order at the processor
    checkout = provider_get(payment.provider).checkout(
        payment=payment, return_url=return_url, notify_url=notify_url
    )
    with transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(
            provider_reference=checkout.provider_reference, payment_url=checkout.redirect_url
        )
        payment_transition(payment_id=payment.pk, to=PaymentState.PENDING, source="citizen")
    return checkout.redirect_url


@dataclass(frozen=True)
class Applied:
    outcome: str  # paid, failed, pending, duplicate, already_paid, unknown, amount_mismatch, ...
    payment: Payment | None = None


def _apply(
    payment: Payment, status: ProviderStatus, *, source: str, dedupe_key: str | None
) -> Applied:
    if status.amount is not None and status.amount != payment.amount:
        logger.warning(
            "payment %s: provider reports %s, we asked %s",
            payment.reference,
            status.amount,
            payment.amount,
        )
        return Applied("amount_mismatch", payment)
    if status.state == "pending":
        return Applied("pending", payment)
    if payment.state == PaymentState.PAID and status.state == PaymentState.PAID:
        return Applied("already_paid", payment)
    payment, changed = payment_transition(
        payment_id=payment.pk,
        to=status.state,
        source=source,
        dedupe_key=dedupe_key,
        data={"provider_reference": status.provider_reference, **status.detail},
    )
    return Applied(status.state if changed else f"ignored_{payment.state}", payment)


def payment_notification_accept(*, provider: str, body: bytes, headers: dict[str, str]) -> Applied:
    """A provider's callback: verified, then applied once (CallbackRefused when it is not
    the provider's)."""
    notification = provider_get(provider).notification(body=body, headers=headers)
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(reference=notification.reference, provider=provider)
            .first()
        )
        if payment is None:
            return Applied("unknown")
        if PaymentEvent.objects.filter(dedupe_key=notification.dedupe_key).exists():
            return Applied("duplicate", payment)
        applied = _apply(
            payment, notification.status, source="callback", dedupe_key=notification.dedupe_key
        )
        if applied.outcome not in {"paid", "failed"}:
            # Accepted once all the same: the next copy of it is a duplicate.
            PaymentEvent.objects.create(
                payment=payment,
                source="callback",
                dedupe_key=notification.dedupe_key,
                data={"outcome": applied.outcome, "state": notification.status.state},
            )
        return applied


def payment_reconcile(*, payment: Payment) -> Applied:
    """Ask the provider about one open payment (the callback may never come)."""
    provider = provider_get(payment.provider)
    if not provider.can_be_asked or not payment.provider_reference:
        return Applied("not_asked", payment)
    try:
        status = provider.status(payment=payment)
    except ProviderError as problem:
        logger.warning("payment %s: status not available: %s", payment.reference, problem)
        return Applied("unavailable", payment)
    return _apply(payment, status, source="status", dedupe_key=None)


def payments_reconcile_pending(*, older_than_seconds: int = 60) -> dict[str, int]:
    """The beat job's work in one UAT: ask about pending payments, expire stale ones, and
    settle paid ones whose purpose was not done yet."""
    now = timezone.now()
    counts: dict[str, int] = {}
    pending = Payment.objects.filter(
        state=PaymentState.PENDING, changed_at__lte=now - timedelta(seconds=older_than_seconds)
    )
    for payment in pending.order_by("pk")[:500]:
        outcome = payment_reconcile(payment=payment).outcome
        counts[outcome] = counts.get(outcome, 0) + 1
    for payment in Payment.objects.filter(state__in=OPEN_STATES, expires_at__lte=now):
        if payment_transition(payment_id=payment.pk, to=PaymentState.EXPIRED, source="beat")[1]:
            counts["expired"] = counts.get("expired", 0) + 1
    unsettled = Payment.objects.filter(state=PaymentState.PAID).exclude(events__source="settled")
    for payment_id in unsettled.values_list("pk", flat=True)[:500]:
        if payment_settle(payment_id=payment_id):
            counts["settled"] = counts.get("settled", 0) + 1
    return counts


__all__ = [
    "Applied",
    "CallbackRefused",
    "PaymentRefused",
    "payment_checkout",
    "payment_notification_accept",
    "payment_reconcile",
    "payment_require",
    "payment_settle",
    "payment_transition",
    "payments_reconcile_pending",
]
