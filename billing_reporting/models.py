"""The usage ledger (public schema): what each UAT consumed, for statements and quotas."""

from __future__ import annotations

from django.db import models


class UsageEvent(models.Model):
    schema_name = models.CharField(max_length=63)  # the UAT it is billed to
    kind = models.CharField(max_length=30)  # "email", "sms" (quantity = segments), ...
    quantity = models.PositiveIntegerField(default=1)
    reference = models.CharField(max_length=100)  # what was used (e.g. a notification uuid)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            # Recording the same use twice (a retried task) counts it once.
            models.UniqueConstraint(
                fields=["schema_name", "kind", "reference"], name="usage_event_once"
            ),
        ]
        indexes = [models.Index(fields=["schema_name", "kind", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.schema_name} {self.kind} x{self.quantity}"


class UsageMonth(models.Model):
    """A running total per UAT, kind and month, kept with the events: a quota check reads one
    row instead of summing a month of events on every SMS."""

    schema_name = models.CharField(max_length=63)
    kind = models.CharField(max_length=30)
    month = models.DateField()  # the first day of the month (Europe/Bucharest)
    quantity = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["schema_name", "kind", "month"], name="usage_month_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schema_name} {self.kind} {self.month:%Y-%m}: {self.quantity}"


# The quality facts and their aggregates live in their own package; Django finds them here.
from .facts.models import (  # noqa: E402
    CaseFact,
    DailyStat,
    MonthlyStat,
    Outcome,
    Population,
    UATMonthlyStat,
)
from .statements.models import PriceList, Statement, StatementCounter, StatementLine  # noqa: E402

__all__ = [
    "CaseFact",
    "DailyStat",
    "MonthlyStat",
    "Outcome",
    "Population",
    "PriceList",
    "Statement",
    "StatementCounter",
    "StatementLine",
    "UATMonthlyStat",
    "UsageEvent",
    "UsageMonth",
]
