"""The indicators of a generated world of 10,000+ cases in three UATs equal what plain SQL on
the cases themselves says, and the planned late, extended and forwarded shares come out."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from billing_reporting.facts.services import facts_refresh
from billing_reporting.indicators.periods import Period
from billing_reporting.indicators.selectors import uat_indicators
from billing_reporting.tests.worlds import generate, third_uat
from dms.cases.history import HistoryMix, expected_outcomes

MIXES = {
    "resita_t": (4200, HistoryMix(forwarded=50, late=80, extended=100, stuck_open=10)),
    "caransebes_t": (3400, HistoryMix(forwarded=20, late=150, extended=40, stuck_open=30)),
    "anina_t": (2600, HistoryMix(forwarded=0, late=20, extended=200, rejected=100, stuck_open=0)),
}


def _calendar_table(first: date, last: date) -> None:
    """Working-day ordinals from the holidays package directly, not from dms's calendar."""
    public = holidays.country_holidays("RO", years=range(first.year, last.year + 1))
    rows, ordinal, day = [], 0, first
    while day <= last:
        if day.weekday() < 5 and day not in public:
            ordinal += 1
        rows.append((day, ordinal))
        day += timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE check_calendar (day date PRIMARY KEY, ordinal int)")
        cursor.executemany("INSERT INTO check_calendar VALUES (%s, %s)", rows)


INDEPENDENT = """
WITH c AS (
    SELECT k.service_code, coalesce(k.department_id, 0) AS department_id, k.status,
           (e.registered_at AT TIME ZONE 'Europe/Bucharest')::date AS registered_on,
           (k.closed_at AT TIME ZONE 'Europe/Bucharest')::date AS closed_on,
           k.due_date, k.extended_at IS NOT NULL AS extended
    FROM {schema}.dms_case AS k JOIN {schema}.dms_registryentry AS e ON e.id = k.entry_id
), w AS (
    SELECT c.*, cc.ordinal - cr.ordinal AS working_days
    FROM c JOIN check_calendar AS cr ON cr.day = c.registered_on
    LEFT JOIN check_calendar AS cc ON cc.day = c.closed_on
)
SELECT {group} AS key,
       count(*),
       count(*) FILTER (WHERE status IN ('answered', 'rejected')),
       count(*) FILTER (WHERE status = 'rejected'),
       count(*) FILTER (WHERE status = 'forwarded'),
       count(*) FILTER (WHERE status IN ('answered', 'rejected') AND closed_on <= due_date),
       count(*) FILTER (WHERE extended),
       count(*) FILTER (WHERE status NOT IN ('answered', 'rejected', 'forwarded', 'filed')
                        AND due_date < %(today)s),
       percentile_disc(0.5) WITHIN GROUP (ORDER BY working_days)
           FILTER (WHERE status IN ('answered', 'rejected')),
       percentile_disc(0.9) WITHIN GROUP (ORDER BY working_days)
           FILTER (WHERE status IN ('answered', 'rejected'))
FROM w GROUP BY 1 ORDER BY 1
"""


def _independent(schema: str, group: str, today: date) -> dict[object, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(INDEPENDENT.format(schema=schema, group=group), {"today": today})
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def _figures(tally) -> tuple:
    return (
        tally.received,
        tally.answered,
        tally.refused,
        tally.forwarded,
        tally.answered_in_term,
        tally.extended,
        tally.open_overdue,
        tally.median_days,
        tally.p90_days,
    )


@pytest.mark.django_db
def test_indicators_of_ten_thousand_cases_equal_an_independent_sql_computation(world):
    today = timezone.localdate()
    third_uat()
    for schema, (cases, mix) in MIXES.items():
        generate(schema, cases=cases, mix=mix, today=today)
    assert sum(cases for cases, _mix in MIXES.values()) >= 10_000
    first_month = (today - timedelta(days=470)).replace(day=1)
    period = Period(first_month, today.replace(day=1))
    _calendar_table(first_month - timedelta(days=1), today + timedelta(days=60))
    for schema, (cases, mix) in MIXES.items():
        with schema_context(schema):
            facts_refresh(schema=schema, days=None)
            figures = uat_indicators(schema=schema, period=period)
            expected = expected_outcomes(cases=cases, mix=mix)

            total = _independent(schema, "'all'", today)["all"]
            assert _figures(figures.total) == total
            by_service = _independent(schema, "service_code", today)
            assert {row.key: _figures(row.tally) for row in figures.services} == by_service
            by_department = _independent(schema, "department_id", today)
            assert {row.key: _figures(row.tally) for row in figures.departments} == by_department
            by_month = _independent(schema, "date_trunc('month', registered_on)::date", today)
            assert {
                row.key: _figures(row.tally) for row in figures.months if row.tally.received
            } == by_month

            # The planned shares, exactly.
            assert figures.total.received == cases
            assert figures.total.forwarded == expected.get("forwarded", 0)
            assert figures.total.extended == expected.get("extended", 0)
            assert figures.total.closed_late == expected.get("late", 0)
            assert figures.total.refused == expected.get("rejected", 0)
            assert figures.total.open_overdue == expected.get("stuck_open", 0)
            assert figures.total.answered_in_term == (
                expected.get("in_term", 0)
                + expected.get("extended", 0)
                + expected.get("rejected", 0)
            )


@pytest.mark.django_db
def test_the_staff_homes_headline_equals_the_indicators_total(world):
    """The administrator's headline reads the per-UAT months, a head's the detailed rows:
    both give the indicators page's totals."""
    from billing_reporting.indicators.periods import last_months
    from billing_reporting.indicators.selectors import uat_headline
    from dms.models import Department

    today = timezone.localdate()
    mix = HistoryMix(forwarded=50, late=80, extended=100, stuck_open=10)
    generate("resita_t", cases=900, mix=mix, today=today + timedelta(days=150), days=300)
    period = last_months(12)
    with schema_context("resita_t"):
        facts_refresh(schema="resita_t", days=None)
        urbanism = {Department.objects.get(name="Urbanism").pk}
        for departments in (None, urbanism):
            page = uat_indicators(schema="resita_t", period=period, department_ids=departments)
            home = uat_headline(schema="resita_t", period=period, department_ids=departments)
            assert page.total.received > 100
            assert _figures(home) == _figures(page.total)
            assert (home.satisfaction, home.closed_late) == (
                page.total.satisfaction,
                page.total.closed_late,
            )
