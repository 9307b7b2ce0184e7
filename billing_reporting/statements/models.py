"""The county's price list and the monthly statements it issues to each UAT (public schema).

A statement never changes once issued (a database trigger refuses UPDATE and DELETE on
statements and their lines): a mistake is corrected by a new statement that names the one it
corrects. Money is Decimal, in lei.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class PriceList(models.Model):
    valid_from = models.DateField(_("valabilă din luna"), unique=True)  # a first day
    per_sms_segment = models.DecimalField(_("lei pe segment SMS"), max_digits=12, decimal_places=4)
    per_email = models.DecimalField(_("lei pe e-mail"), max_digits=12, decimal_places=4)
    per_gb_month = models.DecimalField(
        _("lei pe GB stocat, pe lună"), max_digits=12, decimal_places=4
    )
    per_case = models.DecimalField(_("lei pe cerere înregistrată"), max_digits=12, decimal_places=4)
    fee_judet = models.DecimalField(
        _("abonament lunar: consiliu județean"), max_digits=12, decimal_places=2
    )
    fee_municipiu = models.DecimalField(
        _("abonament lunar: municipiu"), max_digits=12, decimal_places=2
    )
    fee_oras = models.DecimalField(_("abonament lunar: oraș"), max_digits=12, decimal_places=2)
    fee_comuna = models.DecimalField(_("abonament lunar: comună"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"price list from {self.valid_from:%Y-%m}"

    def monthly_fee(self, uat_kind: str) -> Decimal:
        return Decimal(getattr(self, f"fee_{uat_kind}", 0) or 0)


class StatementCounter(models.Model):
    """Statements are numbered per year without gaps (the row is locked while a number is
    taken)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Statement(models.Model):
    number = models.CharField(max_length=20, unique=True)  # 2026-0001
    schema_name = models.CharField(max_length=63)
    uat_name = models.CharField(max_length=200)  # as it was when issued
    uat_kind = models.CharField(max_length=12)
    month = models.DateField()  # the month billed, its first day
    price_list = models.ForeignKey(PriceList, on_delete=models.PROTECT, related_name="statements")
    issued_at = models.DateTimeField()
    total = models.DecimalField(max_digits=12, decimal_places=2)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    reason = models.CharField(max_length=300, blank=True)  # why a correction was issued

    class Meta:
        ordering = ["-month", "uat_name", "issued_at"]
        constraints = [
            # One original statement per UAT and month, however often the issuing runs.
            models.UniqueConstraint(
                fields=["schema_name", "month"],
                condition=models.Q(corrects__isnull=True),
                name="statement_once_per_month",
            ),
        ]
        indexes = [models.Index(fields=["schema_name", "month"], name="statement_uat_month")]

    def __str__(self) -> str:
        return f"statement {self.number}"


class StatementLine(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20)  # fee, sms, email, storage, cases
    description = models.CharField(max_length=200)
    quantity = models.DecimalField(max_digits=16, decimal_places=3)
    unit = models.CharField(max_length=20)
    unit_price = models.DecimalField(max_digits=12, decimal_places=4)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["statement", "position"]

    def __str__(self) -> str:
        return f"{self.statement_id}/{self.position}: {self.amount}"
