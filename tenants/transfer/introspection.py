"""What a UAT's schema holds, read from PostgreSQL's catalog, and how its rows name shared ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models
from psycopg import sql

Name = str | tuple[str, ...] | list[str] | sql.Composable


def statement(template: str, **names: Name) -> str:
    """``template`` with each ``{name}`` an identifier quoted by psycopg: a string is one name,
    a tuple a qualified one (schema, table), a list a comma-separated list of names."""
    parts: dict[str, sql.Composable] = {}
    for key, value in names.items():
        if isinstance(value, sql.Composable):
            parts[key] = value
        elif isinstance(value, tuple):
            parts[key] = sql.Identifier(*value)
        elif isinstance(value, list):
            parts[key] = sql.SQL(", ").join(sql.Identifier(name) for name in value)
        else:
            parts[key] = sql.Identifier(value)
    return sql.SQL(template).format(**parts).as_string(connection.connection)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class SharedReference:
    """A column of a UAT's table holding the id of a shared row (in the public schema)."""

    table: str
    column: str
    model: type[models.Model]
    key: str  # the shared row's natural key: the same row has another id in another database


def tables(schema: str) -> list[Table]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, array_agg(a.attname::text ORDER BY a.attnum)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
                AND NOT a.attisdropped AND a.attgenerated = ''
            WHERE n.nspname = %s AND c.relkind = 'r' AND NOT c.relispartition
            GROUP BY c.relname
            ORDER BY c.relname
            """,
            [schema],
        )
        return [Table(name, tuple(columns)) for name, columns in cursor.fetchall()]


def constraints_and_indexes(schema: str) -> tuple[list[str], list[str]]:
    """Statements that drop the schema's keys, foreign keys and indexes, and those that
    create them again: loading rows into bare tables and building each index once, sorted,
    takes a fraction of the time of maintaining them row by row (as pg_restore does)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND k.contype IN ('p', 'u', 'f')
            ORDER BY k.contype = 'f' DESC, c.relname, k.conname
            """,
            [schema],
        )
        keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT ic.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = ic.relnamespace
            WHERE n.nspname = %s
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY ic.relname
            """,
            [schema],
        )
        indexes = cursor.fetchall()
    drop = [
        statement("ALTER TABLE {table} DROP CONSTRAINT {name}", table=(schema, table), name=name)
        for table, name, _kind, _definition in keys
    ] + [statement("DROP INDEX {index}", index=(schema, name)) for name, _definition in indexes]
    # The definitions are PostgreSQL's own text of this schema's keys and indexes.
    create = [
        statement(
            "ALTER TABLE {table} ADD CONSTRAINT {name} {definition}",
            table=(schema, table),
            name=name,
            definition=sql.SQL(definition),
        )
        for table, name, _kind, definition in reversed(keys)
    ] + [definition for _name, definition in indexes]
    return drop, create


def sequences(schema: str) -> dict[str, int | None]:
    """Each sequence's last value (None: never used), so new rows continue the numbering."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %s "
            "ORDER BY sequencename",
            [schema],
        )
        return dict(cursor.fetchall())


def shared_references(schema: str) -> list[SharedReference]:
    """Foreign keys from the schema's tables to tables of another schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT src.relname, sa.attname, dn.nspname, dst.relname, da.attname,
                   cardinality(k.conkey)
            FROM pg_constraint k
            JOIN pg_class src ON src.oid = k.conrelid
            JOIN pg_namespace sn ON sn.oid = src.relnamespace
            JOIN pg_class dst ON dst.oid = k.confrelid
            JOIN pg_namespace dn ON dn.oid = dst.relnamespace
            JOIN pg_attribute sa ON sa.attrelid = k.conrelid AND sa.attnum = k.conkey[1]
            JOIN pg_attribute da ON da.attrelid = k.confrelid AND da.attnum = k.confkey[1]
            WHERE k.contype = 'f' AND sn.nspname = %s AND dn.nspname <> sn.nspname
            ORDER BY src.relname, sa.attname
            """,
            [schema],
        )
        rows = cursor.fetchall()
    by_table = {model._meta.db_table: model for model in apps.get_models()}
    references = []
    for table, column, target_schema, target_table, target_column, width in rows:
        model = by_table.get(target_table)
        if target_schema != "public" or width != 1 or model is None:
            raise ValueError(f"{table}.{column} points at {target_schema}.{target_table}")
        if target_column != model._meta.pk.column:
            raise ValueError(f"{table}.{column} points at {target_table}.{target_column}")
        references.append(SharedReference(table, column, model, natural_key(model)))
    return references


def natural_key(model: type[models.Model]) -> str:
    """The first unique field other than the id: what names the row in every database."""
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            return field.attname
    raise ValueError(f"{model._meta.label} has no unique field to find its rows by")


def model_columns(model: type[models.Model]) -> Sequence[str]:
    """The columns a row is moved with: generated ones (a search vector) are the database's
    to compute again, and PostgreSQL refuses a value for them, as :func:`tables` knows."""
    return tuple(str(field.column) for field in model._meta.concrete_fields if not field.generated)
