"""A fee's payment, in the UAT's schema, keyed to what it pays for (a case, or a submission
waiting for its payment before registration). Amounts are Decimal lei, never floats."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentState(models.TextChoices):
    CREATED = "created", _("creată")
    PENDING = "pending", _("în curs de plată")
    PAID = "paid", _("plătită")
    FAILED = "failed", _("eșuată")
    EXPIRED = "expired", _("expirată")
    REFUNDED = "refunded", _("rambursată")


# The one declaration of the state machine. Money that arrives after a payment expired (the
# citizen paid a ghiseul.ro reference late) is still the citizen's money: expired -> paid.
TRANSITIONS: dict[str, frozenset[str]] = {
    PaymentState.CREATED: frozenset(
        {PaymentState.PENDING, PaymentState.FAILED, PaymentState.EXPIRED}
    ),
    PaymentState.PENDING: frozenset({PaymentState.PAID, PaymentState.FAILED, PaymentState.EXPIRED}),
    PaymentState.EXPIRED: frozenset({PaymentState.PAID}),
    PaymentState.PAID: frozenset({PaymentState.REFUNDED}),
    PaymentState.FAILED: frozenset(),
    PaymentState.REFUNDED: frozenset(),
}
OPEN_STATES = (PaymentState.CREATED, PaymentState.PENDING)


class PaymentProviderName(models.TextChoices):
    NETOPIA = "netopia", _("card bancar (Netopia Payments)")
    GHISEUL = "ghiseul", _("ghiseul.ro")


class Payment(models.Model):
    # Printed on receipts and written by the citizen on a ghiseul.ro payment: short, unique.
    reference = models.CharField(max_length=32, unique=True)
    # What the payment is for, e.g. "case:42" or "submission:<key>": one payment per purpose,
    # so a repeated request returns the same payment (idempotent).
    purpose = models.CharField(max_length=100, unique=True)
    case = models.ForeignKey(
        "dms.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(max_length=20, choices=PaymentProviderName.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="RON")
    description = models.CharField(max_length=200)
    payer_name = models.CharField(max_length=200, blank=True)
    payer_email = models.EmailField(blank=True)
    state = models.CharField(
        max_length=20, choices=PaymentState.choices, default=PaymentState.CREATED
    )
    provider_reference = models.CharField(max_length=100, blank=True)  # e.g. Netopia's ntpID
    payment_url = models.URLField(max_length=500, blank=True)
    return_path = models.CharField(max_length=300, blank=True)  # the citizen's page for it
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "created_at"], name="payment_state_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount} {self.currency} ({self.state})"

    @property
    def is_paid(self) -> bool:
        return self.state == PaymentState.PAID


class PaymentEvent(models.Model):
    """What happened to a payment, append-only. A provider's notification is kept under its
    digest (unique): the same signed callback is accepted once, however often it arrives."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20)  # callback, status, statement, citizen, staff, beat
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    dedupe_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.payment_id} {self.source}: {self.from_state} -> {self.to_state}"
