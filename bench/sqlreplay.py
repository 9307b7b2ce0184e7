"""The SQL of one request, captured in-process, replayed by a bare psycopg loop.

Capture records every statement the request sends through Django (text, parameters, first
result row, whether it opened a transaction). Replay sends the same statements in the same
transactions, with only what must differ per submission changed: fresh unique values (uuid,
submission key, tracking token, idempotency keys), the session row (one pre-created per
replay, as the real flow has one per citizen), the ids returned by earlier INSERTs where a
later statement refers to them, and the registry number (the locked counter's value + 1, or
taken by the statement itself: dms.registry.entries.entry_number).
"""

from __future__ import annotations

import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone
from psycopg import pq

# (table, column) whose value is the locked counter's value + 1.
NUMBER_COLUMNS = {("dms_registryentry", "number"), ("dms_registrycounter", "last_number")}
COUNTER = ("dms_registrycounter", "last_number")
# Columns holding values unique per submission, and how to make a fresh one.
UNIQUE_COLUMNS: dict[str, Callable[[], Any]] = {
    "uuid": uuid.uuid4,
    "submission_key": lambda: uuid.uuid4().hex,
    "tracking_token": lambda: secrets.token_urlsafe(16),
    "idempotency_key": lambda: f"bench-floor:{uuid.uuid4().hex}",
}
INSERT = re.compile(r'^INSERT INTO "?(\w+)"? \(([^)]*)\)')
UPDATE = re.compile(r'^UPDATE "(\w+)" SET ')
SELECT = re.compile(r"^SELECT (.*?) FROM \"(\w+)\"", re.DOTALL)
QUALIFIED = re.compile(r'"(\w+)"\."(\w+)"')
ASSIGNED = re.compile(r'"(\w+)" = %s')


def dsn() -> str:
    db = settings.DATABASES["default"]
    parts = [f"dbname={db['NAME']}", f"user={db.get('USER') or 'postgres'}"]
    if db.get("HOST"):
        parts.append(f"host={db['HOST']}")
    if db.get("PORT"):
        parts.append(f"port={db['PORT']}")
    if db.get("PASSWORD"):
        parts.append(f"password={db['PASSWORD']}")
    return " ".join(parts)


def set_search_path(schema: str) -> str:
    return f'SET search_path = "{schema}","public"'


@dataclass
class Statement:
    sql: str
    params: tuple[Any, ...] | None
    autocommit: bool
    begins: bool  # first statement of a transaction
    row: tuple[Any, ...] | None  # first result row as captured
    started: float = 0.0  # perf_counter at the call and at its return, as captured
    ended: float = 0.0
    kind: str = ""
    table: str = ""
    columns: list[str] = field(default_factory=list)  # aligned with params when known
    selected: list[tuple[str, str]] = field(default_factory=list)  # result columns

    def __post_init__(self) -> None:
        if match := INSERT.match(self.sql):
            self.kind, self.table = "insert", match.group(1)
            self.columns = [c.strip().strip('"') for c in match.group(2).split(",")]
        elif match := UPDATE.match(self.sql):
            self.kind, self.table = "update", match.group(1)
            self.columns = ASSIGNED.findall(self.sql)
        elif match := SELECT.match(self.sql):
            self.kind, self.table = "select", match.group(2)
            self.selected = QUALIFIED.findall(match.group(1))
        elif self.sql.startswith("SET search_path"):
            self.kind = "search_path"
        elif self.sql.startswith("SELECT nextval(pg_get_serial_sequence("):
            self.kind = "reserve"  # an id reserved for a row written later
            self.table = self.sql.split("'")[1]
        elif self.sql.startswith("WITH taken AS (") and COUNTER[0] in self.sql:
            self.kind = "number"  # the number taken, the line and what names it written
        if self.params is None or len(self.columns) != len(self.params):
            self.columns = []
        returning = re.search(r'RETURNING "(\w+)"\."(\w+)"', self.sql)
        if returning:
            self.selected = [(returning.group(1), returning.group(2))]


@dataclass
class Capture:
    statements: list[Statement]
    schema: str
    host: str
    session_key: str

    @property
    def transactions(self) -> list[list[Statement]]:
        """Statements grouped as they ran: one list per transaction or autocommit statement."""
        groups: list[list[Statement]] = []
        for statement in self.statements:
            if statement.autocommit or statement.begins or not groups:
                groups.append([statement])
            else:
                groups[-1].append(statement)
        return groups

    def lock_held(self) -> tuple[float, float]:
        """Seconds from the statement locking the registry counter's row (SELECT ... FOR
        UPDATE, or the one taking the number and writing the line) to the end of the last
        statement of its transaction (COMMIT not included), and the part spent in SQL."""
        for group in self.transactions:
            for index, statement in enumerate(group):
                if statement.kind == "number" or (
                    statement.table == COUNTER[0] and "FOR UPDATE" in statement.sql
                ):
                    held = group[index:]
                    in_sql = sum(s.ended - s.started for s in held)
                    return held[-1].ended - statement.started, in_sql
        return 0.0, 0.0

    def session_row(self) -> tuple[Any, ...]:
        for statement in self.statements:
            if statement.table == "django_session" and statement.row:
                return statement.row
        raise RuntimeError("the captured request read no session")

    def unique_values(self) -> dict[Any, str]:
        """Captured value -> the column it is unique in (so replays get fresh ones)."""
        values: dict[Any, str] = {self.session_key: "session_key", self.host: "host"}
        for statement in self.statements:
            if statement.kind == "insert" and statement.params is not None:
                for column, value in zip(statement.columns, statement.params, strict=False):
                    if column in UNIQUE_COLUMNS:
                        values[value] = column
        return values


@contextmanager
def capture(schema: str, host: str, session_key: str) -> Iterator[Capture]:
    """Record the statements run through Django's connection inside the block."""
    recorded: list[Statement] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        db = context["connection"]
        raw = db.connection
        begins = (
            not db.get_autocommit()
            and raw is not None
            and raw.info.transaction_status == pq.TransactionStatus.IDLE
        )
        started = time.perf_counter()
        result = execute(sql, params, many, context)
        ended = time.perf_counter()
        cursor = context["cursor"]
        row = None
        if cursor.description is not None:
            rows = cursor.fetchall()
            if rows:
                row = tuple(rows[0])
                cursor.scroll(0, mode="absolute")
        recorded.append(
            Statement(
                sql=sql,
                params=tuple(params) if params is not None else None,
                autocommit=db.get_autocommit(),
                begins=begins,
                row=row,
                started=started,
                ended=ended,
            )
        )
        return result

    captured = Capture(statements=recorded, schema=schema, host=host, session_key=session_key)
    with connection.execute_wrapper(wrapper):
        yield captured


def _foreign_keys() -> dict[tuple[str, str], str]:
    """(table, column) -> the table it refers to, for every installed model."""
    keys: dict[tuple[str, str], str] = {}
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is not None:
                related = model_field.related_model
                column = model_field.column
                if not isinstance(related, str) and column:
                    keys[(model._meta.db_table, column)] = related._meta.db_table
    return keys


@dataclass
class Job:
    schema: str
    host: str
    session_key: str


class Replayer:
    def __init__(self, captured: Capture, *, with_search_path_calls: bool) -> None:
        self.captured = captured
        self.with_search_path_calls = with_search_path_calls
        self.unique = captured.unique_values()
        self.foreign_keys = _foreign_keys()
        groups = captured.transactions
        if not with_search_path_calls:
            groups = [[s for s in g if s.kind != "search_path"] for g in groups]
        self.groups = [g for g in groups if g]

    @property
    def statement_count(self) -> int:
        return sum(len(group) for group in self.groups)

    def prepare_sessions(self, conn: psycopg.Connection[Any], schema: str, keys: list[str]) -> None:
        """One session row per replay, as each citizen of the real flow has one."""
        _key, data, _expires = self.captured.session_row()
        expires = timezone.now() + timedelta(days=1)
        conn.execute(set_search_path(schema))
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO django_session (session_key, session_data, expire_date) "
                "VALUES (%s, %s, %s)",
                [(key, data, expires) for key in keys],
            )

    def run(self, conn: psycopg.Connection[Any], job: Job) -> None:
        state = _Submission(self, job)
        if not self.with_search_path_calls:
            conn.execute(set_search_path(job.schema))
        with conn.cursor() as cursor:
            for group in self.groups:
                if group[0].autocommit:
                    for statement in group:
                        state.execute(cursor, statement)
                else:
                    with conn.transaction():
                        for statement in group:
                            state.execute(cursor, statement)


class _Submission:
    """The values of one replayed submission."""

    def __init__(self, replayer: Replayer, job: Job) -> None:
        self.replayer = replayer
        self.job = job
        self.fresh: dict[Any, Any] = {}
        self.ids: dict[str, Any] = {}  # table -> id returned or selected in this replay
        self.selected: dict[tuple[str, str], Any] = {}
        # (table, captured id) -> this replay's id, of the rows reserved or inserted
        self.id_map: dict[tuple[str, Any], Any] = {}

    def _unique(self, value: Any) -> Any:
        if value not in self.fresh:
            column = self.replayer.unique[value]
            if column == "session_key":
                self.fresh[value] = self.job.session_key
            elif column == "host":
                self.fresh[value] = self.job.host
            else:
                self.fresh[value] = UNIQUE_COLUMNS[column]()
        return self.fresh[value]

    def _param(self, statement: Statement, index: int, value: Any) -> Any:
        column = statement.columns[index] if statement.columns else ""
        if (statement.table, column) in NUMBER_COLUMNS:
            return self.selected[COUNTER] + 1
        if statement.kind == "insert" and column:
            related = self.replayer.foreign_keys.get((statement.table, column), "")
            if related in self.ids and value is not None:
                return self.ids[related]
        if statement.kind == "update" and column == "id" and statement.table in self.ids:
            return self.ids[statement.table]
        if statement.kind == "number" and index > 0 and type(value) is int:
            # The line's reserved id comes right after the year; the other integers are the
            # ids of the notifications it puts the number into (and pages and annexes, far
            # below any id of the side UAT's history).
            table = "dms_registryentry" if index == 1 else "notifications_notification"
            return self.id_map.get((table, value), value)
        try:
            if value in self.replayer.unique:
                return self._unique(value)
        except TypeError:  # unhashable (a JSON document)
            pass
        return value

    def execute(self, cursor: psycopg.Cursor[Any], statement: Statement) -> None:
        if statement.kind == "search_path":
            cursor.execute(set_search_path(self.job.schema))
            return
        params = None
        if statement.params is not None:
            params = [self._param(statement, i, v) for i, v in enumerate(statement.params)]
        cursor.execute(statement.sql, params)
        if cursor.description is None or statement.row is None:
            return
        row = cursor.fetchone()
        if row is None and "ON CONFLICT" in statement.sql:
            return  # an upsert that found its row as it is (the quality fact, replayed)
        if row is None:
            raise RuntimeError(f"the replay found no row where the request did: {statement.sql}")
        if statement.kind == "reserve":
            self.ids[statement.table] = row[0]
            self.id_map[(statement.table, statement.row[0])] = row[0]
        for n, ((table, column), value) in enumerate(zip(statement.selected, row, strict=False)):
            self.selected[(table, column)] = value
            if column == "id" and table == statement.table:
                self.ids[table] = value
                self.id_map[(table, statement.row[n])] = value
