"""Lines of the registry book: the only place a registry number is taken and a line written.

Registry numbers are gapless per year: the counter row is locked in the transaction that uses
the number, so a failed transaction gives its number back. Every other registration of the UAT
waits on that lock until COMMIT, so the number is the registration's last write: a line is
first *prepared* (``entry_prepare``: its id reserved, its columns known, its number not yet),
everything else of the registration is written, texts naming the number carry a placeholder
of the same length (``RegistryEntry.number_placeholder``), and ``entry_number`` then takes
the number, writes the line and puts the number into those texts in one statement, right
before COMMIT. ``entry_register`` does both at once for callers with nothing to write after.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, models
from django.utils import timezone
from psycopg import sql

from dms.models import Direction, RegistryCounter, RegistryEntry
from ghiseu.accounts.models import User
from ghiseu.ops.text import shortened

# Takes the next number of a year and locks the counter's row until COMMIT, in one round trip.
_TAKE = (
    f"INSERT INTO {RegistryCounter._meta.db_table} AS counter (year, last_number) "  # noqa: S608 (our table name)
    "VALUES (%s, 1) ON CONFLICT (year) DO UPDATE SET last_number = counter.last_number + 1 "
    "RETURNING last_number"
)
PLACEHOLDER_DIGIT = "#"  # GSM-7, never escaped in HTML or JSON, never folded


class NumberLengthChanged(Exception):
    """The number taken has more digits than its placeholder (the year's counter passed a
    power of ten meanwhile): texts written with the placeholder would be one character off
    (an SMS's segments). The caller rolls its savepoint back and prepares again."""


def _in_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("take a registry number inside the transaction that uses it")


SUMMARY_MAX = 500  # the registry book's "conținut pe scurt"


def summary_of(text: str, *, limit: int = SUMMARY_MAX) -> str:
    """``text`` on one line, cut between words with an ellipsis to fit the book's column."""
    return shortened(text, limit=limit)


def registry_number_take(*, year: int) -> int:
    """The next number of ``year``, under a row lock held until the caller's COMMIT: gapless,
    and a rolled-back transaction gives its number back."""
    _in_transaction()
    with connection.cursor() as cursor:
        cursor.execute(_TAKE, [year])
        return int(cursor.fetchone()[0])


@dataclass(frozen=True)
class RegistryLine:
    """The columns of one line of the book (registru de intrare-ieșire), as the archive rules
    name them; the number and the registration time are the book's to give."""

    channel: str
    sender_name: str
    summary: str
    direction: str = Direction.INCOMING
    sender_reference: str = ""
    sender_date: date | None = None
    pages: int = 1
    annexes: int = 0
    department: str = ""
    resolution: str = ""
    dispatch_date: date | None = None
    recipient: str = ""
    linked_entry: RegistryEntry | None = None
    file_code: str = ""


def entry_prepare(*, line: RegistryLine, user: User | None = None) -> RegistryEntry:
    """The line, not yet written: its id reserved (others may refer to it, foreign keys are
    checked at COMMIT) and, while it has no number, a placeholder as long as the number it
    will most likely get (the counter read without waiting for its lock)."""
    _in_transaction()
    now = timezone.now()
    year = timezone.localdate(now).year
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nextval(pg_get_serial_sequence('{RegistryEntry._meta.db_table}', 'id')), "  # noqa: S608 (our table name)
            f"(SELECT last_number FROM {RegistryCounter._meta.db_table} WHERE year = %s)",
            [year],
        )
        reserved_id, last_number = cursor.fetchone()
    entry = RegistryEntry(
        pk=reserved_id,
        year=year,
        number=None,  # type: ignore[misc]  # taken last, by entry_number
        registered_at=now,
        direction=line.direction,
        channel=line.channel,
        sender_name=line.sender_name[:200],
        sender_reference=line.sender_reference[:60],
        sender_date=line.sender_date,
        summary=summary_of(line.summary),
        pages=line.pages,
        annexes=line.annexes,
        department=line.department[:120],
        resolution=line.resolution[:300],
        dispatch_date=line.dispatch_date,
        recipient=line.recipient[:200],
        linked_entry=line.linked_entry,
        file_code=line.file_code[:30],
        registered_by=user if user is not None and user.is_authenticated else None,
    )
    entry.number_placeholder = PLACEHOLDER_DIGIT * len(str((last_number or 0) + 1))
    return entry


@dataclass(frozen=True)
class NumberedText:
    """Columns of a row written earlier in the transaction whose text names the entry's
    number by its placeholder (its display number, "###/02.12.2026")."""

    model: type[models.Model]
    pk: Any
    fields: Sequence[str]


@dataclass(frozen=True)
class NumberedRow:
    """A row not yet written (an append-only one: an audit event) whose ``fields`` name the
    entry's number by its placeholder; written with the number."""

    instance: models.Model
    fields: Sequence[str]


_NUMBER = sql.SQL("(SELECT last_number::text FROM taken)")
_VALUE = sql.Placeholder()


def entry_number(
    entry: RegistryEntry,
    *,
    search_text: str = "",
    rows: Iterable[NumberedRow] = (),
    texts: Iterable[NumberedText] = (),
) -> RegistryEntry:
    """Take the number, write the prepared line and ``rows``, put the number into ``texts``:
    one statement, the registration's last, so the counter's lock is held for it and COMMIT.

    ``search_text``: the line's search text without its number (``dms.registry.search``).
    Raises NumberLengthChanged when rows or texts were written for a number of another length.
    """
    _in_transaction()
    if entry.number is not None:
        raise RuntimeError("this registry line has its number already")
    rows, texts = list(rows), list(texts)
    # What follows the number in the display number ("/02.12.2026").
    suffix = entry.display_number.removeprefix(entry.number_placeholder)
    placeholder = entry.number_placeholder + suffix
    numbered = sql.SQL("replace({}::text, {}, {} || {})")
    params: list[Any] = [entry.year]
    line, line_params = _insert(
        entry,
        {
            "number": (sql.SQL("(SELECT last_number FROM taken)"), []),
            # As entry_search_refresh writes it: the number, the display number, the rest.
            "search_text": (
                sql.SQL("{0} || ' ' || {0} || {1} || {1}").format(_NUMBER, _VALUE),
                [suffix, f" {search_text}" if search_text else ""],
            ),
        },
    )
    parts = [
        sql.SQL("WITH taken AS ({})").format(sql.SQL(_TAKE)),
        sql.SQL("line AS ({} RETURNING number)").format(line),
    ]
    params += line_params
    for n, row in enumerate(rows):
        expressions = {}
        for name in row.fields:
            field = row.instance._meta.get_field(name)
            value = field.get_db_prep_save(getattr(row.instance, name), connection)
            json = isinstance(field, models.JSONField)
            written = numbered.format(_VALUE, _VALUE, _NUMBER, _VALUE)
            expressions[name] = (
                sql.SQL("({})::jsonb").format(written) if json else written,
                [value, placeholder, suffix],
            )
        row_sql, row_params = _insert(row.instance, expressions)
        parts.append(sql.SQL("{} AS ({})").format(sql.Identifier(f"row{n}"), row_sql))
        params += row_params
    for n, text in enumerate(texts):
        meta = text.model._meta
        assignments = []
        for name in text.fields:
            field = meta.get_field(name)
            column = sql.Identifier(field.column)
            written = numbered.format(column, _VALUE, _NUMBER, _VALUE)
            if isinstance(field, models.JSONField):
                written = sql.SQL("({})::jsonb").format(written)
            assignments.append(sql.SQL("{} = {}").format(column, written))
            params += [placeholder, suffix]
        parts.append(
            sql.SQL("{} AS (UPDATE {} SET {} WHERE {} = {})").format(
                sql.Identifier(f"text{n}"),
                sql.Identifier(meta.db_table),
                sql.SQL(", ").join(assignments),
                sql.Identifier(meta.pk.column),
                _VALUE,
            )
        )
        params.append(text.pk)
    statement = sql.SQL("{} SELECT number FROM line").format(sql.SQL(", ").join(parts))
    with connection.cursor() as cursor:
        cursor.execute(statement.as_string(cursor.connection), params)
        entry.number = int(cursor.fetchone()[0])
    if (rows or texts) and len(str(entry.number)) != len(entry.number_placeholder):
        raise NumberLengthChanged(f"{entry.number_placeholder} for {entry.number}")
    return entry


def _insert(
    instance: models.Model, expressions: dict[str, tuple[sql.Composable, list[Any]]]
) -> tuple[sql.Composable, list[Any]]:
    """INSERT of ``instance`` (its id too when reserved), with SQL of its own for some fields."""
    columns, values, params = [], [], []
    for field in instance._meta.concrete_fields:
        if field.generated or (field.primary_key and instance.pk is None):
            continue
        columns.append(sql.Identifier(str(field.column)))
        if field.attname in expressions:
            value_sql, field_params = expressions[field.attname]
            values.append(value_sql)
            params += field_params
        else:
            values.append(_VALUE)
            params.append(field.get_db_prep_save(field.pre_save(instance, add=True), connection))
    statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier(instance._meta.db_table),
        sql.SQL(", ").join(columns),
        sql.SQL(", ").join(values),
    )
    return statement, params


def entry_register(*, line: RegistryLine, user: User | None = None) -> RegistryEntry:
    """Take the next number of the year and write the line, in the caller's transaction (for
    callers that write nothing naming the number; else entry_prepare and entry_number)."""
    return entry_number(entry_prepare(line=line, user=user))
