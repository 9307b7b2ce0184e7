"""Keeping the facts and their aggregates: upserts that change nothing when nothing changed.

Facts are written in the transaction of the case change that moved them (see ``apps.py``);
the aggregates of a day and month are recomputed from the facts after COMMIT and by the nightly
repair, under an advisory lock per UAT and month, so two recomputes never interleave and the
last one always reads every committed fact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from dms.cases.facts import CaseFact as CaseFactData
from dms.cases.facts import case_facts, case_ids_to_refresh

from .models import CaseFact, DailyStat, MonthlyStat, UATMonthlyStat

FACT_COLUMNS = (
    "number",
    "service_code",
    "service_title",
    "department_id",
    "department_name",
    "channel",
    "registered_at",
    "registered_on",
    "due_on",
    "first_action_at",
    "closed_at",
    "closed_on",
    "outcome",
    "within_term",
    "extended",
    "forwarded",
    "redirected",
    "response_calendar_days",
    "response_working_days",
    "survey_sent",
    "satisfaction",
)
UPSERT_BATCH = 5000


@dataclass(frozen=True)
class SurveyState:
    sent: bool
    score: int | None


# Each column's PostgreSQL type: a batch travels as one array per column (unnest), a few
# parameters instead of 24 per row.
_TYPES = {
    "schema_name": "text",
    "case_id": "bigint",
    "number": "text",
    "service_code": "text",
    "service_title": "text",
    "department_id": "integer",
    "department_name": "text",
    "channel": "text",
    "registered_at": "timestamptz",
    "registered_on": "date",
    "due_on": "date",
    "first_action_at": "timestamptz",
    "closed_at": "timestamptz",
    "closed_on": "date",
    "outcome": "text",
    "within_term": "boolean",
    "extended": "boolean",
    "forwarded": "boolean",
    "redirected": "boolean",
    "response_calendar_days": "integer",
    "response_working_days": "integer",
    "survey_sent": "boolean",
    "satisfaction": "smallint",
    "updated_at": "timestamptz",
}


def _fact_values(fact: CaseFactData, survey: SurveyState | None) -> dict[str, Any]:
    return {
        "case_id": fact.case_id,
        "number": fact.number,
        "service_code": fact.service_code,
        "service_title": fact.service_title[:200],
        "department_id": fact.department_id or 0,
        "department_name": fact.department_name[:120],
        "channel": fact.channel,
        "registered_at": fact.registered_at,
        "registered_on": fact.registered_on,
        "due_on": fact.due_on,
        "first_action_at": fact.first_action_at,
        "closed_at": fact.closed_at,
        "closed_on": fact.closed_on,
        "outcome": fact.outcome,
        "within_term": fact.within_term,
        "extended": fact.extended,
        "forwarded": fact.forwarded,
        "redirected": fact.redirected,
        "response_calendar_days": fact.response_calendar_days,
        "response_working_days": fact.response_working_days,
        "survey_sent": bool(survey and survey.sent),
        "satisfaction": survey.score if survey else None,
    }


def facts_upsert(
    *, schema: str, facts: Sequence[CaseFactData], surveys: dict[int, SurveyState]
) -> set[date]:
    """Write these facts of ``schema``; returns the registration days of the facts that
    changed (a fact equal to the stored one is not written again)."""
    table = f"public.{CaseFact._meta.db_table}"
    columns = ("schema_name", "case_id", *FACT_COLUMNS, "updated_at")
    arrays = ", ".join(f"%s::{_TYPES[c]}[]" for c in columns)
    changed_check = ", ".join(f"t.{c}" for c in FACT_COLUMNS)
    changed_new = ", ".join(f"EXCLUDED.{c}" for c in FACT_COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*FACT_COLUMNS, "updated_at"))
    now = timezone.now()
    days: set[date] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(facts), UPSERT_BATCH):
            batch = [
                _fact_values(f, surveys.get(f.case_id)) for f in facts[start : start + UPSERT_BATCH]
            ]
            params: list[list[Any]] = [[schema] * len(batch)]
            params += [[row[c] for row in batch] for c in ("case_id", *FACT_COLUMNS)]
            params.append([now] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} AS t ({', '.join(columns)}) SELECT * FROM unnest({arrays})"  # noqa: S608
                f" ON CONFLICT (schema_name, case_id) DO UPDATE SET {updates}"
                f" WHERE ({changed_check}) IS DISTINCT FROM ({changed_new})"
                " RETURNING registered_on",
                params,
            )
            days.update(row[0] for row in cursor.fetchall())
    return days


def _surveys_of(case_ids: Iterable[int]) -> dict[int, SurveyState]:
    from billing_reporting.quality.surveys.selectors import survey_states

    return {
        case_id: SurveyState(sent=True, score=score)
        for case_id, score in survey_states(case_ids=case_ids).items()
    }


def facts_refresh_cases(*, schema: str, case_ids: Iterable[int]) -> set[date]:
    """Recompute the facts of these cases of the current schema (in the caller's
    transaction), and open the nonconformity of each deadline they breached."""
    from billing_reporting.quality.nonconformities.services import (
        nonconformities_open_for_breaches,
    )

    ids = list(case_ids)
    facts = case_facts(case_ids=ids)
    days = facts_upsert(schema=schema, facts=facts, surveys=_surveys_of(ids))
    nonconformities_open_for_breaches(facts=[f for f in facts if f.within_term is False])
    return days


STATS_DELAY_SECONDS = 10


def stats_pending_key(schema: str, day: str) -> str:
    return f"quality:stats-pending:{schema}:{day}"


def stats_refresh_after_commit(*, schema: str, days: set[date]) -> None:
    """Queue the recompute of these days' aggregates once the facts are committed, at most
    one per UAT and day at a time: a burst of answers makes one recompute a few seconds later.

    The check runs after COMMIT and the task forgets the mark before it reads the facts, so a
    change that found a recompute pending is always seen by it."""
    if not days:
        return
    from .tasks import stats_refresh

    def queue() -> None:
        fresh = [
            f"{day}"
            for day in sorted(days)
            if cache.add(stats_pending_key(schema, f"{day}"), 1, 600)
        ]
        if fresh:
            # In the UAT's schema, like the mark (cache keys carry the schema).
            stats_refresh.apply_async(
                args=(schema, fresh),
                countdown=STATS_DELAY_SECONDS,
                headers={"_schema_name": schema},
            )

    transaction.on_commit(queue, robust=True)


@dataclass(frozen=True)
class RefreshReport:
    schema: str
    facts_checked: int
    facts_changed_days: int


def facts_refresh(*, schema: str, days: int | None) -> RefreshReport:
    """The repair run in the current schema: recompute the facts of the cases of the last
    ``days`` days (registered or closed since, and every open case; all cases when None),
    then the aggregates of every day they touch and of every day of the window."""
    since = None if days is None else timezone.now() - timedelta(days=days)
    checked, changed = 0, set()
    for chunk in case_ids_to_refresh(since=since):
        with transaction.atomic():
            changed |= facts_refresh_cases(schema=schema, case_ids=chunk)
        checked += len(chunk)
    window: set[date] = set(changed)
    if days is not None:
        today = timezone.localdate()
        window |= {today - timedelta(days=n) for n in range(days + 1)}
    else:
        window |= _fact_days(schema)
    stats_refresh(schema=schema, days=window)
    return RefreshReport(schema=schema, facts_checked=checked, facts_changed_days=len(changed))


def _fact_days(schema: str) -> set[date]:
    return set(
        CaseFact.objects.filter(schema_name=schema)
        .values_list("registered_on", flat=True)
        .distinct()
    )


# -- aggregates ---------------------------------------------------------------------------

_MEASURES = """
    count(*) AS received,
    count(*) FILTER (WHERE outcome IN ('answered', 'rejected')) AS answered,
    count(*) FILTER (WHERE outcome = 'rejected') AS refused,
    count(*) FILTER (WHERE outcome = 'forwarded') AS forwarded,
    count(*) FILTER (WHERE outcome = 'filed') AS filed,
    count(*) FILTER (WHERE outcome = 'open') AS still_open,
    count(*) FILTER (WHERE outcome IN ('answered', 'rejected') AND within_term) AS answered_in_term,
    count(*) FILTER (WHERE outcome <> 'open' AND within_term = false) AS closed_late,
    count(*) FILTER (WHERE extended) AS extended,
    count(*) FILTER (WHERE redirected) AS redirected,
    coalesce(sum(response_working_days)
        FILTER (WHERE outcome IN ('answered', 'rejected')), 0) AS response_working_days,
    coalesce(sum(response_calendar_days)
        FILTER (WHERE outcome IN ('answered', 'rejected')), 0) AS response_calendar_days,
    count(*) FILTER (WHERE survey_sent) AS surveys_sent,
    count(satisfaction) AS surveys_answered,
    coalesce(sum(satisfaction), 0) AS score_total,
    count(*) FILTER (WHERE satisfaction <= 2) AS score_low,
    count(*) FILTER (WHERE satisfaction >= 4) AS score_high
"""
MEASURE_COLUMNS = (
    "received",
    "answered",
    "refused",
    "forwarded",
    "filed",
    "still_open",
    "answered_in_term",
    "closed_late",
    "extended",
    "redirected",
    "response_working_days",
    "response_calendar_days",
    "surveys_sent",
    "surveys_answered",
    "score_total",
    "score_low",
    "score_high",
    "response_days",
    "response_counts",
)
_SUMMED = tuple(c for c in MEASURE_COLUMNS if c not in {"response_days", "response_counts"})


@dataclass(frozen=True)
class _Grain:
    table: str
    keys: tuple[str, ...]  # the aggregate's key columns besides schema_name
    expressions: tuple[str, ...]  # how each is computed from a fact


_DAY = _Grain(
    DailyStat._meta.db_table,
    ("day", "service_code", "department_id", "channel"),
    ("registered_on", "service_code", "department_id", "channel"),
)
_MONTH_EXPRESSION = "date_trunc('month', registered_on)::date"
_MONTH = _Grain(
    MonthlyStat._meta.db_table,
    ("month", "service_code", "department_id", "channel"),
    (_MONTH_EXPRESSION, "service_code", "department_id", "channel"),
)
_UAT_MONTH = _Grain(UATMonthlyStat._meta.db_table, ("month",), (_MONTH_EXPRESSION,))


def _refresh_grain(cursor: Any, grain: _Grain, *, schema: str, first: date, last: date) -> None:
    """Recompute ``grain``'s rows of ``schema`` for facts registered from ``first`` to
    ``last``, whose grain keys cover exactly that range (whole days or whole months).

    One pass without joins: the facts are counted per key and response time, then per key
    (the histogram as two arrays); rows equal to the stored ones are not rewritten, and rows
    of the range that no fact makes any more are deleted (found by EXCEPT, not a correlated
    scan)."""
    keys = ", ".join(grain.keys)
    selected = ", ".join(f"{e} AS {k}" for e, k in zip(grain.expressions, grain.keys, strict=True))
    summed = ", ".join(f"sum({c})::bigint AS {c}" for c in _SUMMED)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in MEASURE_COLUMNS)
    current = ", ".join(f"t.{c}" for c in MEASURE_COLUMNS)
    incoming = ", ".join(f"EXCLUDED.{c}" for c in MEASURE_COLUMNS)
    scope_key = grain.keys[0]
    matches = " AND ".join(f"t.{k} = stale.{k}" for k in grain.keys)
    table = f"public.{grain.table}"
    cursor.execute(
        f"""
        WITH g AS (
            SELECT {keys},
                   CASE WHEN outcome IN ('answered', 'rejected')
                        THEN response_working_days END AS d,
                   {_MEASURES}
            FROM (
                SELECT {selected}, outcome, within_term, extended, redirected, survey_sent,
                       satisfaction, response_working_days, response_calendar_days
                FROM public.{CaseFact._meta.db_table}
                WHERE schema_name = %(schema)s
                  AND registered_on BETWEEN %(first)s AND %(last)s
            ) AS f
            GROUP BY {keys}, d
        ),
        desired AS (
            SELECT {keys}, {summed},
                   coalesce(array_agg(d ORDER BY d) FILTER (WHERE d IS NOT NULL), '{{}}')
                       AS response_days,
                   coalesce(array_agg(answered::int ORDER BY d) FILTER (WHERE d IS NOT NULL),
                            '{{}}') AS response_counts
            FROM g GROUP BY {keys}
        ),
        written AS (
            INSERT INTO {table} AS t (schema_name, {keys}, {", ".join(MEASURE_COLUMNS)})
            SELECT %(schema)s, {keys}, {", ".join(MEASURE_COLUMNS)} FROM desired
            ON CONFLICT (schema_name, {keys}) DO UPDATE SET {updates}
            WHERE ({current}) IS DISTINCT FROM ({incoming})
            RETURNING 1
        )
        DELETE FROM {table} AS t
        USING (
            SELECT {keys} FROM {table}
            WHERE schema_name = %(schema)s AND {scope_key} BETWEEN %(first)s AND %(last)s
            EXCEPT SELECT {keys} FROM desired
        ) AS stale
        WHERE t.schema_name = %(schema)s AND {matches}
        """,  # noqa: S608 (our table names; values bound)
        {"schema": schema, "first": first, "last": last},
    )


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _runs(days: Iterable[date], *, gap: int = 7) -> list[tuple[date, date]]:
    """The days as (first, last) ranges, one statement each: days less than ``gap`` apart
    share a range (recomputing the days between changes nothing, and a year of working days
    is one statement instead of fifty)."""
    runs: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if runs and (day - runs[-1][1]).days <= gap:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _month_runs(months: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive months as (first day of the first, last day of the last) ranges."""
    runs: list[tuple[date, date]] = []
    for month in sorted(set(months)):
        if runs and runs[-1][1] + timedelta(days=1) == month:
            runs[-1] = (runs[-1][0], _month_end(month))
        else:
            runs.append((month, _month_end(month)))
    return runs


def stats_refresh(*, schema: str, days: Iterable[date]) -> None:
    """Recompute the daily aggregates of these days and the monthly ones of their months."""
    days = set(days)
    months = sorted({day.replace(day=1) for day in days})
    with transaction.atomic(), connection.cursor() as cursor:
        for month in months:
            # One recompute at a time per UAT and month; taken in month order (no deadlock).
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"stats:{schema}:{month}"]
            )
        for first, last in _runs(days):
            _refresh_grain(cursor, _DAY, schema=schema, first=first, last=last)
        for first, last in _month_runs(months):
            _refresh_grain(cursor, _MONTH, schema=schema, first=first, last=last)
            _refresh_grain(cursor, _UAT_MONTH, schema=schema, first=first, last=last)
