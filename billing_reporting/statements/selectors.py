"""Reads on statements: the county sees every UAT's, a UAT's administrator only their own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from .models import PriceList, Statement, StatementLine


def statements_of_month(*, month: date) -> QuerySet[Statement]:
    return (
        Statement.objects.filter(month=month)
        .select_related("corrects")
        .order_by("uat_name", "issued_at")
    )


def statements_of_uat(*, schema: str) -> list[Statement]:
    return list(Statement.objects.filter(schema_name=schema).order_by("-month", "-issued_at")[:120])


def statement_for_county(*, pk: int) -> Statement | None:
    return Statement.objects.select_related("price_list", "corrects").filter(pk=pk).first()


def statement_for_uat(*, schema: str, pk: int) -> Statement | None:
    return (
        Statement.objects.select_related("price_list", "corrects")
        .filter(pk=pk, schema_name=schema)
        .first()
    )


def statement_lines_of(statement: Statement) -> QuerySet[StatementLine]:
    return statement.lines.order_by("position")


@dataclass(frozen=True)
class MonthSummary:
    statements: int
    total: Decimal
    by_kind: list[tuple[str, Decimal, Decimal]]  # description, quantity, amount


def month_summary(*, month: date) -> MonthSummary:
    """The county-wide summary of a month, from the statements in force (a corrected
    statement counts through its correction only)."""
    current = Statement.objects.filter(month=month, correction__isnull=True)
    totals = current.aggregate(n=Count("id"), total=Sum("total"))
    by_kind = (
        StatementLine.objects.filter(statement__in=current)
        .values("kind", "description")
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"))
        .order_by("kind")
    )
    return MonthSummary(
        statements=totals["n"] or 0,
        total=totals["total"] or Decimal(0),
        by_kind=[(row["description"], row["quantity"], row["amount"]) for row in by_kind],
    )


def price_lists() -> QuerySet[PriceList]:
    return PriceList.objects.all()
