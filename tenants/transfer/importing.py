"""``uat_import``: an archive of ``uat_export`` back into a database and a storage.

Everything is checked before anything changes (the UAT is new here, the archive is whole, its
migrations are ones this code knows, every shared row it names exists here); then one
transaction creates the schema from this code's own DDL, loads the rows, renumbers the public
ones and writes the storage objects. A failure rolls it all back and deletes the objects written.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, ProgrammingError, connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _
from django_tenants.utils import schema_exists
from psycopg import sql

from ghiseu.audit.services import audit_record
from ghiseu.ops.tenancy import SCHEMA_NAME, tenant_db

from .. import schema_template
from ..models import UAT, Domain
from . import introspection, registry
from .archive import CHUNK, ArchiveDamaged, ArchiveReader, TransferRefused
from .introspection import statement

NEW_PK = "__ghiseu_new_pk"


@dataclass
class ImportReport:
    uat: UAT
    rows: int = 0
    public_rows: int = 0
    objects: int = 0
    migrated_forward: bool = False
    seconds: float = 0.0


@dataclass(frozen=True)
class Remap:
    """The archive's ids in ``column`` and this database's ids of the same shared rows."""

    column: str
    old: list[int]
    new: list[int]


@dataclass
class _Plan:
    schema: str
    manifest: dict[str, Any]
    from_template: bool  # the archive's schema is at this code's tenant migrations
    migrate_forward: bool  # ... but some migration of this code is not in it yet
    schema_remaps: dict[str, list[Remap]]  # by table
    public_remaps: dict[str, list[Remap]]  # by model label
    objects: list[dict[str, Any]]  # the ones the storage does not hold yet
    domain_rename: tuple[str, str] | None
    written: list[str] = field(default_factory=list)


def uat_import(*, source: Path, actor: Any = None) -> ImportReport:
    started = time.perf_counter()
    tenant_db().set_schema_to_public()
    archive = ArchiveReader(source)
    try:
        plan = _plan(archive)
        archive.verify()
        sql = _template(plan)
        try:
            report = _restore(archive, plan, sql, actor=actor)
        except (IntegrityError, ProgrammingError) as error:
            # A concurrent import or onboarding of the same UAT got there first, or a public
            # row of the archive collides with one here (a custom domain claimed meanwhile).
            if UAT.objects.filter(schema_name=plan.schema).exists():
                raise TransferRefused(_already_here(plan.manifest["uat"])) from error
            if not isinstance(error, IntegrityError):
                raise
            detail = getattr(getattr(error.__cause__, "diag", None), "message_detail", "")
            raise TransferRefused(
                _("Baza de date are deja date care se bat cu arhiva (%(detail)s).")
                % {"detail": detail or type(error).__name__}
            ) from error
    finally:
        archive.close()
    report.seconds = time.perf_counter() - started
    return report


# ---------------------------------------------------------------- checks, before any change


def _plan(archive: ArchiveReader) -> _Plan:
    manifest = archive.manifest
    _check_shape(manifest)
    uat = manifest["uat"]
    schema = str(uat.get("schema_name", ""))
    _require(
        bool(SCHEMA_NAME.match(schema))
        and schema not in {"public", schema_template.TEMPLATE_SCHEMA}
    )
    objects = manifest["objects"]
    _refuse_if_present(uat, schema)
    from_template, migrate_forward = _migration_state(manifest["migrations"])
    domain_rename = _domain_rename(manifest, uat)
    _refuse_taken_domains(archive, manifest, domain_rename)
    return _Plan(
        schema=schema,
        manifest=manifest,
        from_template=from_template,
        migrate_forward=migrate_forward,
        schema_remaps=_by_table(manifest["references"]),
        public_remaps={
            entry["model"]: _remaps(entry.get("references", [])) for entry in manifest["public"]
        },
        objects=_objects_to_write(archive, objects, schema),
        domain_rename=domain_rename,
    )


def _require(condition: bool) -> None:
    if not condition:
        raise ArchiveDamaged(_("Arhiva este deteriorată: manifestul este incomplet."))


def _check_shape(manifest: dict[str, Any]) -> None:
    """Every part the import reads is there, of the right kind."""
    kinds: dict[str, type] = {"uat": dict, "migrations": dict, "sequences": dict}
    kinds |= {"tables": list, "public": list, "references": list, "objects": list}
    _require(all(isinstance(manifest.get(key), kind) for key, kind in kinds.items()))
    migrations = manifest["migrations"]
    _require(isinstance(migrations.get("schema"), list))
    _require(isinstance(migrations.get("public"), dict))
    for entry in manifest["tables"] + manifest["public"]:
        _require(isinstance(entry, dict) and isinstance(entry.get("columns"), list))
        _require(isinstance(entry.get("member"), str))
        _require(isinstance(entry.get("name", entry.get("model")), str))
        _require(isinstance(entry.get("references", []), list))
    references = manifest["references"] + [
        reference for entry in manifest["public"] for reference in entry.get("references", [])
    ]
    for reference in references:
        _require(isinstance(reference, dict) and isinstance(reference.get("values"), dict))
        _require(all(isinstance(reference.get(k), str) for k in ("model", "key", "column")))
    _require(all(isinstance(reference.get("table"), str) for reference in manifest["references"]))
    for entry in manifest["objects"]:
        _require(isinstance(entry, dict) and isinstance(entry.get("key"), str))


def _already_here(uat: dict[str, Any]) -> str:
    return _("Există deja un UAT cu subdomeniul „%(slug)s”.") % {"slug": uat.get("slug")}


def _refuse_if_present(uat: dict[str, Any], schema: str) -> None:
    if UAT.objects.filter(slug=uat.get("slug")).exists():
        raise TransferRefused(_already_here(uat))
    holder = UAT.objects.filter(siruta=uat.get("siruta")).first()
    if holder is not None:
        raise TransferRefused(
            _("Codul SIRUTA %(siruta)s este deja folosit de %(name)s.")
            % {"siruta": uat.get("siruta"), "name": holder.official_name}
        )
    if UAT.objects.filter(schema_name=schema).exists() or schema_exists(schema):
        raise TransferRefused(
            _("Schema %(schema)s există deja în această bază de date.") % {"schema": schema}
        )
    left = [
        f"{rows.model._meta.verbose_name_plural}: {count}"
        for rows in registry.public_rows()
        if (count := rows.of(schema).count())
    ]
    if left:
        raise TransferRefused(
            _(
                "Baza de date are deja rânduri publice ale schemei %(schema)s (%(rows)s); "
                "ștergeți-le sau importați în altă bază de date."
            )
            % {"schema": schema, "rows": ", ".join(left)}
        )


def _migration_state(migrations: dict[str, Any]) -> tuple[bool, bool]:
    """(the schema template fits, a forward migration is needed); refuses what cannot be taken."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    on_disk = set(loader.disk_migrations)
    in_schema = {(str(app), str(name)) for app, name in migrations["schema"]}
    in_public = {
        (str(app), str(name)) for app, names in migrations["public"].items() for name in names
    }
    unknown = sorted((in_schema | in_public) - on_disk)
    if unknown:
        raise TransferRefused(
            _(
                "Arhiva vine dintr-o versiune mai nouă a platformei (migrații necunoscute aici: "
                "%(migrations)s); actualizați platforma înainte de import."
            )
            % {"migrations": _names(unknown)}
        )
    applied_here = set(MigrationRecorder(connection).applied_migrations())
    behind = sorted(in_public - applied_here)
    if behind:
        raise TransferRefused(
            _(
                "Baza de date nu are încă migrațiile %(migrations)s; rulați întâi "
                "„manage.py migrate_schemas”."
            )
            % {"migrations": _names(behind)}
        )
    labels = schema_template.tenant_app_labels()
    tenant_part = {node for node in in_schema if node[0] in labels}
    from_template = tenant_part == schema_template.tenant_migrations()
    return from_template, not in_schema >= set(loader.graph.nodes)


def _names(nodes: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{app}.{name}" for app, name in nodes[:5])
    return shown + (" …" if len(nodes) > 5 else "")


def _domain_rename(manifest: dict[str, Any], uat: dict[str, Any]) -> tuple[str, str] | None:
    """An archive from a platform on another base domain: its portal address moves to ours
    (custom domains stay what they are)."""
    source_base = manifest.get("base_domain")
    if not source_base or source_base == settings.GHISEU_BASE_DOMAIN:
        return None
    return f"{uat['slug']}.{source_base}", f"{uat['slug']}.{settings.GHISEU_BASE_DOMAIN}"


def _refuse_taken_domains(
    archive: ArchiveReader, manifest: dict[str, Any], rename: tuple[str, str] | None
) -> None:
    domains = [name for name in manifest.get("domains", []) if isinstance(name, str)]
    if rename:
        domains = [rename[1] if name == rename[0] else name for name in domains]
    taken = sorted(Domain.objects.filter(domain__in=domains).values_list("domain", flat=True))
    if taken:
        raise TransferRefused(
            _("Domeniul %(domain)s aparține deja altui UAT.") % {"domain": ", ".join(taken)}
        )


def _by_table(references: list[dict[str, Any]]) -> dict[str, list[Remap]]:
    remaps: dict[str, list[Remap]] = {}
    for reference in references:
        remaps.setdefault(str(reference["table"]), []).extend(_remaps([reference]))
    return remaps


def _remaps(references: list[dict[str, Any]]) -> list[Remap]:
    """For each column naming shared rows: the archive's ids and this database's ids of the
    same rows (found by their natural key); refuses a row that does not exist here."""
    remaps = []
    for reference in references:
        try:
            model = apps.get_model(reference["model"])
        except LookupError:
            raise TransferRefused(
                _("Arhiva trimite la %(model)s, pe care această versiune nu îl cunoaște.")
                % {"model": reference["model"]}
            ) from None
        key, wanted = reference["key"], reference["values"]
        here = dict(
            model._base_manager.filter(**{f"{key}__in": list(wanted.values())}).values_list(
                key, "pk"
            )
        )
        missing = sorted(str(value) for value in wanted.values() if value not in here)
        if missing:
            raise TransferRefused(
                _(
                    "Această platformă nu are %(model)s „%(keys)s”, la care trimite arhiva; "
                    "adăugați-le înainte de import."
                )
                % {"model": model._meta.verbose_name_plural, "keys": ", ".join(missing[:10])}
            )
        old = [int(pk) for pk in wanted]
        remaps.append(Remap(str(reference["column"]), old, [here[wanted[str(pk)]] for pk in old]))
    return remaps


def _objects_to_write(
    archive: ArchiveReader, objects: list[dict[str, Any]], schema: str
) -> list[dict[str, Any]]:
    """The objects the storage does not hold yet; one it holds with other content is refused."""
    pending = []
    for entry in objects:
        key = str(entry.get("key", ""))
        path = PurePosixPath(key)
        if path.is_absolute() or ".." in path.parts or path.parts[:1] != (schema,):
            raise ArchiveDamaged(
                _("Arhiva este deteriorată: obiectul %(key)s nu este sub %(schema)s/.")
                % {"key": key[:200], "schema": schema}
            )
        if entry.get("member") not in archive.members:
            raise ArchiveDamaged(
                _("Arhiva este deteriorată: manifestul nu menționează %(member)s.")
                % {"member": entry.get("member")}
            )
        if not default_storage.exists(key):
            pending.append(entry)
        elif _sha256_in_storage(key) != archive.members[entry["member"]]["sha256"]:
            raise TransferRefused(
                _("Spațiul de stocare are deja alt conținut la cheia %(key)s.") % {"key": key}
            )
    return pending


def _sha256_in_storage(key: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(key, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _template(plan: _Plan) -> str | None:
    """This code's schema template, taken now if missing (it cannot be inside a transaction)."""
    if not plan.from_template:
        return None
    try:
        return schema_template.template_sql(build_if_missing=not connection.in_atomic_block)
    except schema_template.TemplateUnavailable:
        return None


# ---------------------------------------------------------------- the change, in one transaction


def _restore(archive: ArchiveReader, plan: _Plan, sql: str | None, *, actor: Any) -> ImportReport:
    try:
        with transaction.atomic():
            tenant_db().set_schema_to_public()
            if sql is not None:
                schema_template.schema_create_from_template(plan.schema, sql)
            else:
                _schema_create_at(plan.schema, plan.manifest["migrations"]["schema"])
            rows = _load_schema(archive, plan)
            if plan.migrate_forward or sql is None:
                call_command(
                    "migrate_schemas",
                    tenant=True,
                    schema_name=plan.schema,
                    interactive=False,
                    verbosity=0,
                )
                tenant_db().set_schema_to_public()
            public_rows = _load_public(archive, plan)
            _write_objects(archive, plan)
            uat = UAT.objects.get(schema_name=plan.schema)
            audit_record(
                actor=actor,
                action="uat.imported",
                target=uat,
                data={
                    "archive": archive.path.name,
                    "exported_at": plan.manifest.get("created_at"),
                    "rows": rows,
                    "objects": len(plan.objects),
                },
            )
    except BaseException:
        for key in plan.written:
            default_storage.delete(key)
        raise
    finally:
        tenant_db().set_schema_to_public()
    return ImportReport(
        uat=uat,
        rows=rows,
        public_rows=public_rows,
        objects=len(plan.objects),
        migrated_forward=plan.migrate_forward or sql is None,
    )


def _schema_create_at(schema: str, applied: list[list[str]]) -> None:
    """The schema as the archive's migrations left it (the slow road: its migrations, in one
    plan up to the last one of each app, as django-tenants runs them in a UAT's schema)."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    nodes = {(str(app), str(name)) for app, name in applied}
    targets = [
        node for node in nodes if not any(child in nodes for child in graph.node_map[node].children)
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement("CREATE SCHEMA {schema}", schema=schema))
    db = tenant_db()
    db.set_schema(schema, include_public=False)
    MigrationRecorder(db).ensure_schema()  # the schema's own record, not the public one
    db.set_schema(schema)
    executor = MigrationExecutor(db)
    executor.migrate(targets, plan=executor.migration_plan(targets))
    db.set_schema_to_public()


def _load_schema(archive: ArchiveReader, plan: _Plan) -> int:
    """The archive's rows instead of whatever creating the schema put in it."""
    schema = plan.schema
    created = {table.name: set(table.columns) for table in introspection.tables(schema)}
    with connection.cursor() as cursor:
        # Rows the migrations just wrote have foreign-key checks pending (deferred), and
        # PostgreSQL truncates no table with pending checks: run them now. The rows then load
        # in any order, their checks deferred to COMMIT again.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        tables = sql.SQL(", ").join(sql.Identifier(schema, name) for name in created)
        cursor.execute(statement("TRUNCATE {tables} RESTART IDENTITY", tables=tables))
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        drop, create = introspection.constraints_and_indexes(schema)
        for step in drop:
            cursor.execute(step)
    rows = 0
    for table in plan.manifest["tables"]:
        name, columns = str(table["name"]), [str(c) for c in table["columns"]]
        if name not in created or not set(columns) <= created[name]:
            raise TransferRefused(
                _("Tabelul %(table)s din arhivă nu se potrivește cu schema acestei versiuni.")
                % {"table": name}
            )
        _copy_in(
            archive,
            table["member"],
            target=(schema, name),
            columns=columns,
            remaps=plan.schema_remaps.get(name, []),
        )
        rows += int(table.get("rows", 0))
    sequences = {name for name, _value in introspection.sequences(schema).items()}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for step in create:
            cursor.execute(step)
        for name, value in plan.manifest["sequences"].items():
            if name in sequences and value is not None:
                cursor.execute(
                    "SELECT setval(%s::regclass, %s)",
                    [statement("{sequence}", sequence=(schema, name)), value],
                )
    return rows


_stages = iter(range(1, 1 << 30))


Table = tuple[str, ...]  # (schema, table), or (table,) for a temporary one


def _stage(target: Table, columns: list[str]) -> Table:
    """A temporary table with the target's column types, dropped at COMMIT."""
    name = (f"ghiseu_import_{next(_stages)}",)
    with connection.cursor() as cursor:
        cursor.execute(
            statement(
                "CREATE TEMPORARY TABLE {name} ON COMMIT DROP AS "
                "SELECT {columns} FROM {target} WITH NO DATA",
                name=name,
                columns=columns,
                target=target,
            )
        )
    return name


def _copy(archive: ArchiveReader, member: str, target: Table, columns: list[str]) -> None:
    copy_in = statement("COPY {target} ({columns}) FROM STDIN", target=target, columns=columns)
    with connection.cursor() as cursor, cursor.copy(copy_in) as copy:
        for chunk in archive.lines(member):
            copy.write(chunk)


def _remap(stage: Table, remap: Remap) -> None:
    """Replace the archive's ids in the column by this database's ids of the same rows."""
    column, old, new = remap.column, remap.old, remap.new
    with connection.cursor() as cursor:
        cursor.execute(
            statement(
                "SELECT count(*) FROM {stage} s LEFT JOIN unnest(%s::bigint[]) AS m(old) "
                "ON m.old = s.{column} WHERE s.{column} IS NOT NULL AND m.old IS NULL",
                stage=stage,
                column=column,
            ),
            [old],
        )
        if cursor.fetchone()[0]:
            raise ArchiveDamaged(
                _("Arhiva este deteriorată: %(column)s trimite la rânduri nedeclarate.")
                % {"column": column}
            )
        cursor.execute(
            statement(
                "UPDATE {stage} s SET {column} = m.new "
                "FROM unnest(%s::bigint[], %s::bigint[]) AS m(old, new) WHERE s.{column} = m.old",
                stage=stage,
                column=column,
            ),
            [old, new],
        )


def _copy_in(
    archive: ArchiveReader,
    member: str,
    *,
    target: Table,
    columns: list[str],
    remaps: list[Remap],
) -> None:
    if not remaps:
        _copy(archive, member, target, columns)
        return
    stage = _stage(target, columns)
    _copy(archive, member, stage, columns)
    for remap in remaps:
        _remap(stage, remap)
    _insert_from(stage, target=target, into=columns, select=columns)


def _load_public(archive: ArchiveReader, plan: _Plan) -> int:
    """The UAT's public rows under new ids; rows pointing at them follow them."""
    declared = {rows.label: rows for rows in registry.public_rows()}
    stages: dict[type[models.Model], Table] = {}
    total = 0
    for entry in plan.manifest["public"]:
        rows = declared.get(entry["model"])
        if rows is None:
            raise TransferRefused(
                _("Arhiva conține rânduri %(model)s, pe care această versiune nu le mută.")
                % {"model": entry["model"]}
            )
        stages[rows.model] = _public_table(archive, plan, rows.model, entry, stages)
        total += int(entry.get("rows", 0))
    return total


def _public_table(
    archive: ArchiveReader,
    plan: _Plan,
    model: type[models.Model],
    entry: dict[str, Any],
    stages: dict[type[models.Model], Table],
) -> Table:
    meta = model._meta
    target = ("public", meta.db_table)
    pk_column = str(meta.pk.column)
    columns = [str(c) for c in entry["columns"]]
    known = introspection.model_columns(model)
    if not set(columns) <= set(known) or pk_column not in columns:
        raise TransferRefused(
            _("Tabelul %(table)s din arhivă nu se potrivește cu schema acestei versiuni.")
            % {"table": meta.db_table}
        )
    stage = _stage(target, columns)
    _copy(archive, entry["member"], stage, columns)
    with connection.cursor() as cursor:
        cursor.execute(
            statement("ALTER TABLE {stage} ADD COLUMN {pk} bigint", stage=stage, pk=NEW_PK)
        )
        cursor.execute(
            statement(
                "UPDATE {stage} SET {pk} = nextval(pg_get_serial_sequence(%s, %s))",
                stage=stage,
                pk=NEW_PK,
            ),
            [statement("{target}", target=target), pk_column],
        )
        for fk in registry.foreign_keys(model):
            parent_stage = stages.get(fk.related_model)
            column = str(fk.column)
            if parent_stage is not None and column in columns:
                cursor.execute(
                    statement(
                        "UPDATE {stage} s SET {column} = p.{new_pk} "
                        "FROM {parent} p WHERE s.{column} = p.{parent_pk}",
                        stage=stage,
                        column=column,
                        new_pk=NEW_PK,
                        parent=parent_stage,
                        parent_pk=str(fk.related_model._meta.pk.column),
                    )
                )
    for remap in plan.public_remaps.get(entry["model"], []):
        _remap(stage, remap)
    if model is Domain and plan.domain_rename:
        with connection.cursor() as cursor:
            cursor.execute(
                statement("UPDATE {stage} SET domain = %s WHERE domain = %s", stage=stage),
                [plan.domain_rename[1], plan.domain_rename[0]],
            )
    _insert_renumbered(model, stage, target, columns)
    return stage


def _insert_renumbered(
    model: type[models.Model], stage: Table, target: Table, columns: list[str]
) -> None:
    """INSERT the staged rows under their new ids; a column this version added and the
    archive lacks gets the field's default."""
    meta = model._meta
    pk_column = str(meta.pk.column)
    kept = [c for c in columns if c != pk_column]
    missing = [f for f in meta.concrete_fields if f.column not in columns and not f.generated]
    defaults = [f.get_db_prep_save(f.get_default(), connection) for f in missing]
    into = [pk_column, *kept, *(str(f.column) for f in missing)]
    select = sql.SQL(", ").join(
        [sql.Identifier(NEW_PK), *(sql.Identifier(c) for c in kept)]
        + [sql.Placeholder()] * len(missing)
    )
    _insert_from(stage, target=target, into=into, select=select, params=defaults)


def _insert_from(
    stage: Table,
    *,
    target: Table,
    into: list[str],
    select: list[str] | sql.Composable,
    params: list[Any] | None = None,
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            statement(
                "INSERT INTO {target} ({into}) SELECT {select} FROM {stage}",
                target=target,
                into=into,
                select=select,
                stage=stage,
            ),
            params,
        )


def _write_objects(archive: ArchiveReader, plan: _Plan) -> None:
    for entry in plan.objects:
        with archive.open(entry["member"]) as handle:
            saved = default_storage.save(entry["key"], File(handle, name=entry["key"]))
        plan.written.append(saved)
        if saved != entry["key"]:
            raise TransferRefused(
                _("Spațiul de stocare are deja alt conținut la cheia %(key)s.")
                % {"key": entry["key"]}
            )
