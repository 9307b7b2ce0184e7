"""``uat_export``: one UAT's schema, public rows and storage objects into one archive."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import sql

from ghiseu.audit.services import audit_record
from ghiseu.ops.tenancy import tenant_db

from ..models import UAT
from . import introspection, registry
from .archive import CHUNK, ArchiveWriter, TransferRefused
from .introspection import statement


@dataclass
class ExportReport:
    path: Path
    tables: int = 0
    rows: int = 0
    public_rows: int = 0
    objects: int = 0
    object_bytes: int = 0
    seconds_database: float = 0.0
    seconds_objects: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)


def uat_export(*, slug: str, destination: Path, actor: Any = None) -> ExportReport:
    """Write the UAT's archive to ``destination`` (replaced only once it is complete)."""
    tenant_db().set_schema_to_public()
    uat = UAT.objects.filter(slug=slug).first()
    if uat is None:
        raise TransferRefused(_("Nu există niciun UAT cu subdomeniul „%(slug)s”.") % {"slug": slug})
    if connection.in_atomic_block:
        raise RuntimeError("an export reads one snapshot of its own: call it outside a transaction")
    report = ExportReport(path=destination)
    writer = ArchiveWriter(destination)
    try:
        started = time.perf_counter()
        manifest = _database(writer, uat, report)
        report.seconds_database = time.perf_counter() - started
        started = time.perf_counter()
        manifest["objects"] = _objects(writer, uat.schema_name, report)
        report.seconds_objects = time.perf_counter() - started
        writer.finish(manifest)
    except BaseException:
        writer.abandon()
        raise
    audit_record(
        actor=actor,
        action="uat.exported",
        target=uat,
        data={"archive": destination.name, "rows": report.rows, "objects": report.objects},
    )
    return report


def _database(writer: ArchiveWriter, uat: UAT, report: ExportReport) -> dict[str, Any]:
    """The schema's tables and the UAT's public rows, from one snapshot."""
    schema = uat.schema_name
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        tables: list[dict[str, Any]] = []
        for table in introspection.tables(schema):
            member = f"schema/{table.name}.copy.gz"
            copy = statement(
                "COPY {table} ({columns}) TO STDOUT",
                table=(schema, table.name),
                columns=list(table.columns),
            )
            rows = writer.add_compressed(member, _copy_out(copy))
            tables.append(
                {"name": table.name, "columns": table.columns, "member": member, "rows": rows}
            )
            report.rows += rows
        report.tables = len(tables)
        references = [
            {
                "table": reference.table,
                "column": reference.column,
                "model": reference.model._meta.label_lower,
                "key": reference.key,
                "values": _keys_in_schema(schema, reference),
            }
            for reference in introspection.shared_references(schema)
        ]
        declared = registry.public_rows()
        public = [_public(writer, rows, schema, report, declared) for rows in declared]
        applied_public = _applied("public")
        return {
            "created_at": timezone.now().isoformat(),
            "base_domain": settings.GHISEU_BASE_DOMAIN,
            "domains": sorted(uat.domains.values_list("domain", flat=True)),
            "uat": {
                "slug": uat.slug,
                "schema_name": schema,
                "siruta": uat.siruta,
                "official_name": uat.official_name,
            },
            "migrations": {
                "schema": _applied(schema),
                "public": {
                    label: [name for app, name in applied_public if app == label]
                    for label in sorted({rows.model._meta.app_label for rows in declared})
                },
            },
            "tables": tables,
            "sequences": introspection.sequences(schema),
            "references": references,
            "public": public,
        }


def _copy_out(statement: str, params: list[Any] | None = None) -> Iterator[bytes]:
    """COPY's output in blocks of about a MiB (the server sends it a row at a time)."""
    block = bytearray()
    with connection.cursor() as cursor, cursor.copy(statement, params) as copy:
        for row in copy:
            block += row
            if len(block) >= CHUNK:
                yield bytes(block)
                block.clear()
    yield bytes(block)


def _applied(schema: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            statement(
                "SELECT app, name FROM {table} ORDER BY app, name",
                table=(schema, "django_migrations"),
            )
        )
        return [[app, name] for app, name in cursor.fetchall()]


def _keys_in_schema(schema: str, reference: introspection.SharedReference) -> dict[str, Any]:
    """The natural key of every shared row the schema's column points at, by id."""
    target = reference.model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            statement(
                "SELECT DISTINCT s.{column}, t.{key} FROM {source} s "
                "JOIN {target} t ON t.{pk} = s.{column}",
                column=reference.column,
                key=reference.key,
                source=(schema, reference.table),
                target=("public", target.db_table),
                pk=str(target.pk.column),
            )
        )
        return {str(pk): key for pk, key in cursor.fetchall()}


def _public(
    writer: ArchiveWriter,
    rows: registry.PublicRows,
    schema: str,
    report: ExportReport,
    declared: list[registry.PublicRows],
) -> dict[str, Any]:
    model = rows.model
    columns = introspection.model_columns(model)
    attnames = [f.attname for f in model._meta.concrete_fields if not f.generated]
    query, params = rows.of(schema).values_list(*attnames).query.sql_with_params()
    member = f"public/{rows.label}.copy.gz"
    # The queryset's own SQL, parameters bound by psycopg: rows that name the UAT's schema.
    copy = statement("COPY ({query}) TO STDOUT", query=sql.SQL(query))
    count = writer.add_compressed(member, _copy_out(copy, list(params)))
    report.public_rows += count
    references = []
    for fk in registry.foreign_keys(model):
        parent = fk.related_model
        if any(parent is other.model for other in declared):
            continue  # renumbered with the parent's own rows
        key = introspection.natural_key(parent)
        pairs = rows.of(schema).exclude(**{fk.attname: None})
        values = dict(pairs.values_list(fk.attname, f"{fk.name}__{key}").distinct())
        references.append(
            {
                "column": str(fk.column),
                "model": parent._meta.label_lower,
                "key": key,
                "values": {str(pk): value for pk, value in values.items()},
            }
        )
    return {
        "model": rows.label,
        "columns": columns,
        "member": member,
        "rows": count,
        "references": references,
    }


def _objects(writer: ArchiveWriter, schema: str, report: ExportReport) -> list[dict[str, Any]]:
    """Every storage object under ``<schema>/``, each with its SHA-256."""
    objects = []
    for key in _keys_under(schema):
        size = default_storage.size(key)
        with default_storage.open(key, "rb") as handle:
            member = writer.add(f"objects/{key}", handle, size)
        objects.append({"key": key, "member": f"objects/{key}", **member})
        report.objects += 1
        report.object_bytes += size
    return objects


def _keys_under(prefix: str) -> Iterator[str]:
    try:
        folders, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{prefix}/{name}"
    for folder in sorted(folders):
        yield from _keys_under(f"{prefix}/{folder}")
