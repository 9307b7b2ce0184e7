"""A UAT's indicators for a period: per month, service, department and channel, with totals.

Everything is read from the monthly aggregates (a few hundred rows for a year, whatever the
number of cases) and from the open facts, never from the cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from billing_reporting.facts.selectors import monthly_rows, open_overdue, uat_monthly_rows
from dms.cases.facts import channel_labels
from dms.departments.selectors import department_names
from services_catalog.selectors import catalog_titles

from .figures import Tally
from .periods import Period


@dataclass
class Row:
    key: object
    label: str
    tally: Tally = field(default_factory=Tally)


@dataclass
class Indicators:
    period: Period
    total: Tally
    months: list[Row]
    services: list[Row]
    departments: list[Row]
    channels: list[Row]

    @property
    def is_empty(self) -> bool:
        return not self.total.received


def _rows(groups: dict[object, Row], *, order_by_count: bool) -> list[Row]:
    rows = list(groups.values())
    if order_by_count:
        rows.sort(key=lambda row: (-row.tally.received, row.label))
    return rows


def uat_indicators(
    *,
    schema: str,
    period: Period,
    department_ids: Iterable[int] | None = None,
    service_codes: Iterable[str] | None = None,
    today: date | None = None,
) -> Indicators:
    """``department_ids`` limits everything to those departments (a head's view),
    ``service_codes`` to those services (a statutory report's)."""
    today = today or timezone.localdate()
    departments = None if department_ids is None else set(department_ids)
    services_wanted = None if service_codes is None else set(service_codes)
    titles = catalog_titles()
    names = department_names()
    channels = channel_labels()
    total = Tally()
    months = {m: Row(m, f"{m:%m.%Y}") for m in period.months}
    services: dict[object, Row] = {}
    by_department: dict[object, Row] = {}
    by_channel: dict[object, Row] = {}

    def department_row(department_id: int) -> Row:
        if department_id not in by_department:
            label = names.get(department_id) or ("—" if not department_id else f"#{department_id}")
            by_department[department_id] = Row(department_id, label)
        return by_department[department_id]

    def service_row(code: str) -> Row:
        if code not in services:
            services[code] = Row(code, titles.get(code, code))
        return services[code]

    for row in monthly_rows(
        schema=schema,
        first=period.first,
        last=period.last,
        department_ids=departments,
        service_codes=services_wanted,
    ):
        total.add(row)
        months[row["month"]].tally.add(row)
        service_row(row["service_code"]).tally.add(row)
        department_row(row["department_id"]).tally.add(row)
        if row["channel"] not in by_channel:
            by_channel[row["channel"]] = Row(
                row["channel"], channels.get(row["channel"], row["channel"])
            )
        by_channel[row["channel"]].tally.add(row)
    for row in open_overdue(
        today=today,
        first=period.first,
        last_day=period.last_day,
        schema=schema,
        department_ids=departments,
        service_codes=services_wanted,
    ):
        count = row["count"]
        total.open_overdue += count
        months[row["month"]].tally.open_overdue += count
        service_row(row["service_code"]).tally.open_overdue += count
        department_row(row["department_id"]).tally.open_overdue += count
    return Indicators(
        period=period,
        total=total,
        months=list(months.values()),
        services=_rows(services, order_by_count=True),
        departments=_rows(by_department, order_by_count=True),
        channels=_rows(by_channel, order_by_count=True),
    )


def uat_headline(
    *, schema: str, period: Period, department_ids: Iterable[int] | None = None
) -> Tally:
    """The period's totals only (two queries): the staff home's figures. The whole UAT's
    come from its per-month aggregates (12 rows for a year, not one per service, department,
    channel and month); a head's departments from the detailed ones."""
    total = Tally()
    rows = (
        uat_monthly_rows(first=period.first, last=period.last, schemas=[schema])
        if department_ids is None
        else monthly_rows(
            schema=schema, first=period.first, last=period.last, department_ids=department_ids
        )
    )
    for row in rows:
        total.add(row)
    for row in open_overdue(
        today=timezone.localdate(),
        first=period.first,
        last_day=period.last_day,
        schema=schema,
        department_ids=department_ids,
    ):
        total.open_overdue += row["count"]
    return total
