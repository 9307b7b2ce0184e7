"""A past of cases, written in bulk SQL: the demo's year of history and the generated worlds
of the indicator tests and benchmarks.

Every case gets its registry line, its history (registered, assigned, started, extended,
closed) and the status those events lead to; nothing is sent and no audit is written (the
cases are made up, not worked). Outcomes follow a fixed arithmetic on the case's index, so a
generated world has exactly the shares it was asked for: ``expected_outcomes`` tells a test
which case got which outcome without reading the database. The shares apply to cases whose
intended closing day has passed; a later one is still open, as in real life.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from dms.registry.models import RegistryCounter, RegistryEntry
from ghiseu.ops.text import fold

from .deadlines import is_working_day
from .models import Case, CaseEvent

FIRST_NAMES = (
    "Ana", "Ioana", "Maria", "Elena", "Andreea", "Mihai", "Ion", "Gheorghe", "Vasile", "Ștefan",
    "Răzvan", "Cătălin", "Bogdan", "Alexandru", "Cristina", "Mădălina", "Ionuț", "Florin",
    "Daniela", "Tudor", "Irina", "Sorin", "Lucreția", "Costel", "Aurelia", "Petru", "Viorica",
)  # fmt: skip
LAST_NAMES = (
    "Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Rusu", "Munteanu",
    "Matei", "Constantin", "Șerban", "Mureșan", "Ștefănescu", "Țăranu", "Lăzărescu", "Bălan",
    "Dumitrașcu", "Vlăduț", "Neagu", "Oprea", "Ciobanu", "Preda", "Moldovan", "Păun", "Sârbu",
    "Nistor", "Jurca", "Bălănescu",
)  # fmt: skip
FORWARDED_TO = "Instituția Prefectului – Județul Caraș-Severin"
# Temporary tables of one run (dropped at the end, not at COMMIT: a test's transaction may
# hold several runs).
_DROP = "DROP TABLE IF EXISTS history_calendar, history_service, history_case"


@dataclass(frozen=True)
class HistoryService:
    code: str
    title: str
    term_days: int
    term_unit: str  # calendar | working
    extension_days: int
    department_id: int | None
    department_name: str
    weight: int  # its share of the cases, relative to the others
    assignee_id: int | None = None
    summary: str = ""  # the registry line's summary; the title when empty


@dataclass(frozen=True)
class HistoryMix:
    """Outcomes per thousand cases; what is left is answered in term."""

    forwarded: int = 30
    rejected: int = 40
    filed: int = 20
    late: int = 60  # answered after the term
    extended: int = 70  # term extended once, answered within the new term (if the law allows)
    stuck_open: int = 8  # still open whatever their age (and so overdue)

    def outcome(self, index: int) -> str:
        """The planned outcome of case ``index`` (1-based)."""
        bucket = (index * 7919) % 1000
        for name in ("forwarded", "rejected", "filed", "late", "extended", "stuck_open"):
            share = getattr(self, name)
            if bucket < share:
                return name
            bucket -= share
        return "in_term"

    def sql_bounds(self) -> dict[str, int]:
        """The cumulative bucket limits the SQL compares with."""
        bounds, running = {}, 0
        for item in fields(self):
            running += getattr(self, item.name)
            bounds[f"b_{item.name}"] = running
        return bounds


def history_exists(*, key: str) -> bool:
    return Case.objects.filter(submission_key__startswith=f"history:{key}:").exists()


def _calendar(first: date, last: date) -> list[tuple[date, bool, int, date]]:
    """(day, working, working days so far, the next working day from it) for every day."""
    rows, ordinal, day = [], 0, first
    days = []
    while day <= last:
        working = is_working_day(day)
        ordinal += int(working)
        days.append((day, working, ordinal))
        day += timedelta(days=1)
    next_working: date | None = None
    for day, working, ordinal in reversed(days):
        if working:
            next_working = day
        rows.append((day, working, ordinal, next_working or day))
    rows.reverse()
    return rows


def _columns_with_defaults(
    model: Any, explicit: dict[str, str]
) -> tuple[list[str], list[str], list[Any]]:
    """Every stored column of ``model``: the explicit SQL expressions, and for the others
    their model default as a parameter (a column added later is still filled)."""
    columns, expressions, params = [], [], []
    for field in model._meta.concrete_fields:
        if getattr(field, "generated", False) or (field.column == "id" and "id" not in explicit):
            continue
        columns.append(field.column)
        if field.column in explicit:
            expressions.append(explicit[field.column])
        else:
            default = field.get_default()
            if isinstance(default, dict | list):
                default = json.dumps(default)
            expressions.append("%s")
            params.append(default)
    return columns, expressions, params


@transaction.atomic
def history_generate(
    *,
    key: str,
    cases: int,
    first_day: date,
    last_day: date,
    services: Sequence[HistoryService],
    mix: HistoryMix | None = None,
    now: datetime | None = None,
) -> int:
    """Write ``cases`` cases registered on the working days from ``first_day`` to
    ``last_day`` in the current schema, once per ``key`` (a second call adds nothing).
    Returns how many were written."""
    if cases <= 0 or not services or history_exists(key=key):
        return 0
    mix = mix or HistoryMix()
    now = now or timezone.now()
    horizon = max(last_day, timezone.localdate(now)) + timedelta(days=200)
    calendar = _calendar(first_day - timedelta(days=1), horizon)
    with connection.cursor() as cursor:
        cursor.execute(_DROP)
        cursor.execute(
            "CREATE TEMP TABLE history_calendar (day date PRIMARY KEY, working boolean,"
            " ordinal integer, next_working date)"
        )
        cursor.executemany("INSERT INTO history_calendar VALUES (%s, %s, %s, %s)", calendar)
        # Temporary tables get no statistics by themselves: the planner needs them.
        cursor.execute("CREATE INDEX ON history_calendar (ordinal) WHERE working")
        cursor.execute("ANALYZE history_calendar")
        cursor.execute(
            "CREATE TEMP TABLE history_service (position integer, code text, title text,"
            " summary text, term_days integer, term_unit text, extension_days integer,"
            " department_id integer, department_name text, assignee_id integer,"
            " low integer, high integer, summary_folded text, department_folded text)"
            ""
        )
        low = 0
        for position, service in enumerate(services):
            cursor.execute(
                "INSERT INTO history_service VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
                " %s, %s, %s, %s)",
                [
                    position,
                    service.code,
                    service.title,
                    service.summary or service.title,
                    service.term_days,
                    service.term_unit,
                    service.extension_days,
                    service.department_id,
                    service.department_name,
                    service.assignee_id,
                    low,
                    low + service.weight,
                    fold(service.summary or service.title),
                    fold(service.department_name),
                ],
            )
            low += service.weight
        _plan(
            cursor,
            key=key,
            cases=cases,
            first_day=first_day,
            last_day=last_day,
            total_weight=low,
            mix=mix,
            now=now,
        )
        _write(cursor)
        cursor.execute(_DROP)
    return cases


def _plan(
    cursor: Any,
    *,
    key: str,
    cases: int,
    first_day: date,
    last_day: date,
    total_weight: int,
    mix: HistoryMix,
    now: datetime,
) -> None:
    """One row per case with everything the inserts need, in a temporary table."""
    entry_sequence = f"pg_get_serial_sequence('{RegistryEntry._meta.db_table}', 'id')"
    case_sequence = f"pg_get_serial_sequence('{Case._meta.db_table}', 'id')"
    cursor.execute(
        f"""
        CREATE TEMP TABLE history_case AS
        WITH days AS (
            SELECT day, row_number() OVER (ORDER BY day) - 1 AS position,
                   count(*) OVER () AS total
            FROM history_calendar WHERE working AND day BETWEEN %(first)s AND %(last)s
        ),
        base AS (
            SELECT i,
                   ((i * 7919) %% 1000)::int AS bucket,
                   ((i * 31337) %% %(weight)s)::int AS pick,
                   ((i * 15485863) %% 100)::int AS channel_pick,
                   ((i * 2246822519) %% 1000003)::int AS noise
            FROM generate_series(1::bigint, %(cases)s) AS i
        ),
        placed AS (
            SELECT base.*, days.day AS registered_on, s.*,
                   (days.day + time '08:00' + ((base.noise %% 480) * interval '1 minute'))
                       AT TIME ZONE 'Europe/Bucharest' AS registered_at
            FROM base
            JOIN days ON days.position = ((base.i - 1) * days.total) / %(cases)s
            JOIN history_service AS s ON base.pick >= s.low AND base.pick < s.high
        ),
        termed AS (
            SELECT placed.*,
                   CASE WHEN term_unit = 'working' THEN (
                       SELECT c.day FROM history_calendar AS c
                       WHERE c.working AND c.ordinal = reg.ordinal + placed.term_days
                   ) ELSE (
                       SELECT c.next_working FROM history_calendar AS c
                       WHERE c.day = placed.registered_on + placed.term_days
                   ) END AS first_due,
                   CASE
                       WHEN bucket < %(b_forwarded)s THEN 'forwarded'
                       WHEN bucket < %(b_rejected)s THEN 'rejected'
                       WHEN bucket < %(b_filed)s THEN 'filed'
                       WHEN bucket < %(b_late)s THEN 'late'
                       WHEN bucket < %(b_extended)s THEN 'extended'
                       WHEN bucket < %(b_stuck_open)s THEN 'stuck_open'
                       ELSE 'in_term'
                   END AS plan
            FROM placed
            JOIN history_calendar AS reg ON reg.day = placed.registered_on
        ),
        closing AS (
            SELECT termed.*,
                   CASE WHEN plan = 'extended' AND extension_days > 0 THEN (
                       SELECT c.next_working FROM history_calendar AS c
                       WHERE c.day = termed.first_due + termed.extension_days
                   ) ELSE first_due END AS due,
                   CASE
                       WHEN plan = 'stuck_open' THEN NULL
                       WHEN plan = 'late' THEN first_due + 1 + noise %% 12
                       WHEN plan = 'forwarded' THEN registered_on + 1 + noise %% 4
                       WHEN plan = 'extended' AND extension_days > 0
                           THEN first_due + 1 + noise %% greatest(extension_days - 1, 1)
                       ELSE registered_on + 1
                           + noise %% greatest((first_due - registered_on) - 1, 1)
                   END AS planned_close
            FROM termed
        ),
        closed AS (
            SELECT closing.*,
                   CASE WHEN plan = 'late' THEN c.next_working
                        WHEN c.next_working > closing.due THEN closing.due
                        ELSE c.next_working END AS close_day
            FROM closing
            LEFT JOIN history_calendar AS c ON c.day = closing.planned_close
        )
        SELECT closed.*,
               nextval({entry_sequence}) AS entry_id,
               nextval({case_sequence}) AS case_id,
               extract(year FROM registered_on)::int AS year,
               CASE WHEN close_day IS NULL THEN NULL ELSE
                   (close_day + time '09:00' + ((noise %% 420) * interval '1 minute'))
                       AT TIME ZONE 'Europe/Bucharest' END AS closed_at,
               CASE WHEN plan = 'extended' AND extension_days > 0
                   THEN registered_at + (greatest(first_due - registered_on - 2, 1))
                       * interval '1 day' END AS extended_at,
               CASE WHEN channel_pick < 60 THEN 'online' WHEN channel_pick < 88 THEN 'paper'
                    WHEN channel_pick < 97 THEN 'email' ELSE 'post' END AS channel,
               %(first_names)s::text[] AS first_names,
               %(last_names)s::text[] AS last_names,
               %(first_folded)s::text[] AS first_folded,
               %(last_folded)s::text[] AS last_folded,
               %(key)s AS key
        FROM closed
        """,  # noqa: S608 (our table names; values bound)
        {
            "first": first_day,
            "last": last_day,
            "cases": cases,
            "weight": total_weight,
            "first_names": list(FIRST_NAMES),
            "last_names": list(LAST_NAMES),
            "first_folded": [fold(name) for name in FIRST_NAMES],
            "last_folded": [fold(name) for name in LAST_NAMES],
            "key": key,
            **mix.sql_bounds(),
        },
    )
    cursor.execute("ANALYZE history_case")
    # Closing in the future means not closed yet.
    cursor.execute(
        "UPDATE history_case SET closed_at = NULL, close_day = NULL WHERE closed_at > %s",
        [now],
    )
    cursor.execute(
        "ALTER TABLE history_case ADD COLUMN status text, ADD COLUMN number integer,"
        " ADD COLUMN person text, ADD COLUMN person_folded text"
    )
    cursor.execute(
        f"""
        UPDATE history_case AS h SET
            status = CASE WHEN h.closed_at IS NULL THEN 'in_progress'
                          WHEN h.plan IN ('forwarded', 'rejected', 'filed') THEN h.plan
                          ELSE 'answered' END,
            person = h.last_names[1 + h.i % array_length(h.last_names, 1)] || ' '
                     || h.first_names[1 + (h.i / 7) % array_length(h.first_names, 1)],
            person_folded = h.last_folded[1 + h.i % array_length(h.last_names, 1)] || ' '
                     || h.first_folded[1 + (h.i / 7) % array_length(h.first_names, 1)],
            number = n.number
        FROM (
            SELECT hc.i, coalesce(counter.last_number, 0)
                      + row_number() OVER (PARTITION BY hc.year ORDER BY hc.registered_at, hc.i)
                      AS number
            FROM history_case AS hc
            LEFT JOIN {RegistryCounter._meta.db_table} AS counter ON counter.year = hc.year
        ) AS n
        WHERE n.i = h.i
        """  # noqa: S608 (our table names; values bound)
    )


def _write(cursor: Any) -> None:
    entry_columns, entry_values, entry_params = _columns_with_defaults(
        RegistryEntry,
        {
            "id": "h.entry_id",
            "year": "h.year",
            "number": "h.number",
            "registered_at": "h.registered_at",
            "direction": "'in'",
            "channel": "h.channel",
            "sender_name": "h.person",
            "summary": "h.summary",
            "department": "coalesce(h.department_name, '')",
            "resolution": "CASE WHEN h.status = 'in_progress' THEN '' ELSE h.status END",
            # What dms.indexing stores, folded: number, date, sender, summary, department.
            "search_text": "h.number || ' ' || h.number || '/' || to_char(h.registered_on,"
            " 'DD.MM.YYYY') || ' ' || h.person_folded || ' ' || h.summary_folded || ' '"
            " || h.department_folded || ' ' || h.code",
        },
    )
    cursor.execute(
        f"INSERT INTO {RegistryEntry._meta.db_table} ({', '.join(entry_columns)})"  # noqa: S608
        f" SELECT {', '.join(entry_values)} FROM history_case AS h",
        entry_params,
    )
    case_columns, case_values, case_params = _columns_with_defaults(
        Case,
        {
            "id": "h.case_id",
            "entry_id": "h.entry_id",
            "service_code": "h.code",
            "service_title": "h.title",
            "service_version": "1",
            "status": "h.status",
            "revision": "3 + (h.closed_at IS NOT NULL)::int + (h.extended_at IS NOT NULL)::int",
            "department_id": "h.department_id",
            "assignee_id": "h.assignee_id",
            "due_date": "h.due",
            "term_days": "h.term_days",
            "term_unit": "h.term_unit",
            "extension_days": "h.extension_days",
            "extended_at": "h.extended_at",
            # Made-up cases must not make the deadline sweep write to anyone.
            "reminded_at": "CASE WHEN h.closed_at IS NULL THEN now() END",
            "escalated_at": "CASE WHEN h.closed_at IS NULL THEN now() END",
            "closed_at": "h.closed_at",
            "citizen_name": "h.person",
            "answers": "jsonb_build_object('content', h.summary)",
            "submission_key": "'history:' || h.key || ':' || h.i",
            "tracking_token": "md5(h.key || ':' || h.i || ':' || random()::text)",
            "forwarded_to": f"CASE WHEN h.status = 'forwarded' THEN '{FORWARDED_TO}' ELSE '' END",
            "created_at": "h.registered_at",
        },
    )
    cursor.execute(
        f"INSERT INTO {Case._meta.db_table} ({', '.join(case_columns)})"  # noqa: S608
        f" SELECT {', '.join(case_values)} FROM history_case AS h",
        case_params,
    )
    event_columns, event_values, event_params = _columns_with_defaults(
        CaseEvent,
        {
            "case_id": "e.case_id",
            "occurred_at": "e.occurred_at",
            "kind": "e.kind",
            "visible_to_citizen": "e.visible",
            "actor_label": "e.actor_label",
            "from_status": "e.from_status",
            "to_status": "e.to_status",
        },
    )
    cursor.execute(
        f"""
        INSERT INTO {CaseEvent._meta.db_table} ({", ".join(event_columns)})
        SELECT {", ".join(event_values)} FROM (
            SELECT case_id, registered_at AS occurred_at, 'registered' AS kind, true AS visible,
                   CASE WHEN channel = 'online' THEN 'online' ELSE 'registratură' END
                       AS actor_label, '' AS from_status, '' AS to_status, 1 AS step
            FROM history_case
            UNION ALL
            SELECT case_id, registered_at + interval '2 hours', 'assigned', true, 'registratură',
                   'registered', 'assigned', 2 FROM history_case
            UNION ALL
            SELECT case_id, registered_at + interval '1 day', 'started', true, 'funcționar',
                   'assigned', 'in_progress', 3 FROM history_case
            UNION ALL
            SELECT case_id, extended_at, 'extended', true, 'funcționar', 'in_progress',
                   'in_progress', 4 FROM history_case WHERE extended_at IS NOT NULL
            UNION ALL
            SELECT case_id, closed_at, status, true, 'funcționar', 'in_progress', status, 5
            FROM history_case WHERE closed_at IS NOT NULL
        ) AS e ORDER BY e.case_id, e.step
        """,  # noqa: S608 (our table names; values bound)
        event_params,
    )
    cursor.execute(
        f"""
        INSERT INTO {RegistryCounter._meta.db_table} (year, last_number)
        SELECT year, max(number) FROM history_case GROUP BY year
        ON CONFLICT (year) DO UPDATE SET last_number = greatest(
            {RegistryCounter._meta.db_table}.last_number, EXCLUDED.last_number)
        """  # noqa: S608 (our table names; values bound)
    )


def expected_outcomes(*, cases: int, mix: HistoryMix | None = None) -> dict[str, int]:
    """How many of ``cases`` generated cases were planned for each outcome."""
    mix = mix or HistoryMix()
    counts: dict[str, int] = {}
    for index in range(1, cases + 1):
        outcome = mix.outcome(index)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
