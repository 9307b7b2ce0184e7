"""Reads on the facts and aggregates; every page of the indicators goes through here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth

from .models import CaseFact, MonthlyStat, UATMonthlyStat
from .services import MEASURE_COLUMNS

KEYS = ("month", "service_code", "department_id", "channel")


def fact_outcome(*, schema: str, case_id: int) -> str | None:
    return (
        CaseFact.objects.filter(schema_name=schema, case_id=case_id)
        .values_list("outcome", flat=True)
        .first()
    )


def monthly_rows(
    *,
    schema: str,
    first: date,
    last: date,
    department_ids: Iterable[int] | None = None,
    service_codes: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """The monthly aggregates of one UAT from ``first`` to ``last`` (first days of months)."""
    rows = MonthlyStat.objects.filter(schema_name=schema, month__gte=first, month__lte=last)
    if department_ids is not None:
        rows = rows.filter(department_id__in=list(department_ids))
    if service_codes is not None:
        rows = rows.filter(service_code__in=list(service_codes))
    return list(rows.values(*KEYS, *MEASURE_COLUMNS))


def uat_monthly_rows(
    *, first: date, last: date, schemas: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """Per UAT and month, for the county's comparison."""
    rows = UATMonthlyStat.objects.filter(month__gte=first, month__lte=last)
    if schemas is not None:
        rows = rows.filter(schema_name__in=list(schemas))
    return list(rows.values("schema_name", "month", *MEASURE_COLUMNS))


def open_overdue(
    *,
    today: date,
    first: date,
    last_day: date,
    schema: str | None = None,
    department_ids: Iterable[int] | None = None,
    service_codes: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """Cases registered in the period still open after their term, counted per UAT, month,
    service and department (read off the partial index of open facts)."""
    facts = CaseFact.objects.filter(
        outcome="open", due_on__lt=today, registered_on__gte=first, registered_on__lte=last_day
    )
    if schema is not None:
        facts = facts.filter(schema_name=schema)
    if department_ids is not None:
        facts = facts.filter(department_id__in=list(department_ids))
    if service_codes is not None:
        facts = facts.filter(service_code__in=list(service_codes))
    return [
        dict(row)
        for row in facts.annotate(month=TruncMonth("registered_on"))
        .values("schema_name", "month", "service_code", "department_id")
        .annotate(count=Count("id"))
    ]


def cases_registered(*, schema: str, month: date) -> int:
    """Cases a UAT registered in a month (first day), from the facts: what a statement bills."""
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return CaseFact.objects.filter(
        schema_name=schema, registered_on__gte=month, registered_on__lt=next_month
    ).count()
