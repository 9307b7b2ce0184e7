"""The county's side-by-side view: every UAT on the same indicators, fairly.

Fair means: counts per 1,000 inhabitants (the census population is data the county keeps),
and a rank only for a UAT with at least ``QUALITY_RANKING_MIN_CASES`` cases in the period (a
commune with 3 requests, all in term, does not top the county). Figures only: the aggregates
hold no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from billing_reporting.facts.selectors import monthly_rows, open_overdue, uat_monthly_rows
from billing_reporting.indicators.figures import Tally
from billing_reporting.indicators.periods import Period
from billing_reporting.indicators.selectors import Row
from billing_reporting.models import Population
from services_catalog.selectors import catalog_titles
from tenants.selectors import uat_directory


@dataclass
class UATLine:
    schema: str
    slug: str
    name: str
    kind: str
    inhabitants: int | None
    tally: Tally
    rank: int | None = None

    @property
    def per_thousand(self) -> float | None:
        return self.tally.per_thousand(self.inhabitants)

    @property
    def ranked(self) -> bool:
        return self.rank is not None


@dataclass
class Comparison:
    period: Period
    lines: list[UATLine]
    total: Tally
    inhabitants: int
    minimum: int

    @property
    def per_thousand(self) -> float | None:
        """Over the UATs whose population is known only."""
        received = sum(line.tally.received for line in self.lines if line.inhabitants)
        return None if not self.inhabitants else 1000.0 * received / self.inhabitants


def _rank(lines: list[UATLine], minimum: int) -> None:
    """Ranked by the share answered in term, then the median time (lower first); equal
    figures share a rank."""
    eligible = [
        line
        for line in lines
        if line.tally.received >= minimum and line.tally.in_term_share is not None
    ]

    def key(line: UATLine) -> tuple[float, int]:
        return (-(line.tally.in_term_share or 0), line.tally.median_days or 0)

    eligible.sort(key=key)
    previous, rank = None, 0
    for position, line in enumerate(eligible, start=1):
        if key(line) != previous:
            rank, previous = position, key(line)
        line.rank = rank


def county_comparison(*, period: Period, today: date | None = None) -> Comparison:
    today = today or timezone.localdate()
    minimum = settings.QUALITY_RANKING_MIN_CASES
    uats = list(uat_directory())
    populations = dict(Population.objects.values_list("schema_name", "inhabitants"))
    lines = {
        uat.schema_name: UATLine(
            schema=uat.schema_name,
            slug=uat.slug,
            name=uat.official_name,
            kind=uat.get_kind_display(),
            inhabitants=populations.get(uat.schema_name),
            tally=Tally(),
        )
        for uat in uats
    }
    total = Tally()
    for row in uat_monthly_rows(first=period.first, last=period.last, schemas=list(lines)):
        lines[row["schema_name"]].tally.add(row)
        total.add(row)
    for row in open_overdue(today=today, first=period.first, last_day=period.last_day):
        if row["schema_name"] in lines:
            lines[row["schema_name"]].tally.open_overdue += row["count"]
            total.open_overdue += row["count"]
    ordered = list(lines.values())
    _rank(ordered, minimum)
    ordered.sort(key=lambda line: (line.rank is None, line.rank or 0, line.name))
    return Comparison(
        period=period,
        lines=ordered,
        total=total,
        inhabitants=sum(line.inhabitants or 0 for line in ordered),
        minimum=minimum,
    )


def uat_services(
    *, schema: str, period: Period, today: date | None = None
) -> tuple[list[Row], Tally]:
    """A UAT's services side by side, with the UAT's total, for the county's drill-down."""
    today = today or timezone.localdate()
    titles = catalog_titles()
    services: dict[str, Row] = {}
    total = Tally()
    for row in monthly_rows(schema=schema, first=period.first, last=period.last):
        code = row["service_code"]
        if code not in services:
            services[code] = Row(code, titles.get(code, code))
        services[code].tally.add(row)
        total.add(row)
    for row in open_overdue(
        today=today, first=period.first, last_day=period.last_day, schema=schema
    ):
        if row["service_code"] in services:
            services[row["service_code"]].tally.open_overdue += row["count"]
            total.open_overdue += row["count"]
    return sorted(services.values(), key=lambda line: (-line.tally.received, line.label)), total
