"""`migrate_schemas` that skips UAT schemas already at the latest migration.

With nothing to apply, django-tenants still runs Django's migrate command once per schema,
about 94 ms each (measured, bench/migrate.py): five minutes per deploy for Romania's 3,181
units. One query per batch of schemas tells which ones miss a migration of the current code;
only those go through migrate. Afterwards the schema template is refreshed for onboarding.

Installed through django-tenants' GET_EXECUTOR_FUNCTION setting.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django_tenants.migration_executors import get_executor as django_tenants_executor
from django_tenants.migration_executors.standard import StandardExecutor

from ghiseu.ops.tenancy import SCHEMA_NAME

BATCH = 250


def expected_migrations() -> list[str]:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return sorted(f"{app}.{name}" for app, name in graph.nodes)


def schemas_needing_migrations(schemas: list[str]) -> list[str]:
    """The schemas whose migration records lack any migration of the current code."""
    expected = expected_migrations()
    outdated: list[str] = []
    for start in range(0, len(schemas), BATCH):
        outdated += _outdated_in(schemas[start : start + BATCH], expected)
    return outdated


def _outdated_in(batch: list[str], expected: list[str]) -> list[str]:
    if any(not SCHEMA_NAME.match(schema) for schema in batch):
        return [schema for schema in batch if not SCHEMA_NAME.match(schema)] + _outdated_in(
            [schema for schema in batch if SCHEMA_NAME.match(schema)], expected
        )
    if not batch:
        return []
    parts = " UNION ALL ".join(
        f"SELECT '{schema}', count(*) FROM \"{schema}\".django_migrations m "  # noqa: S608 (names checked above)
        f"JOIN expected e ON e.key = m.app || '.' || m.name"
        for schema in batch
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"WITH expected(key) AS (SELECT unnest(%s::text[])) {parts}", [expected])
            counts = dict(cursor.fetchall())
    except DatabaseError:
        if len(batch) == 1:
            return batch  # e.g. no migration records at all: let migrate decide
        return [schema for one in batch for schema in _outdated_in([one], expected)]
    return [schema for schema in batch if counts.get(schema, 0) < len(expected)]


class SkipUpToDateExecutor(StandardExecutor):
    def _plain_migrate(self) -> bool:
        """Only a plain "bring every schema up to date" may skip schemas."""
        options = self.options
        return not any(
            options.get(flag)
            for flag in (
                "app_label",
                "migration_name",
                "fake",
                "fake_initial",
                "plan",
                "check_unapplied",
                "prune",
                "schema_name",
            )
        )

    def run_migrations(self, tenants: list[str] | None = None) -> None:
        schemas = list(tenants or [])
        tenant_pass = self.PUBLIC_SCHEMA_NAME not in schemas
        if self._plain_migrate() and tenant_pass and schemas:
            outdated = schemas_needing_migrations(schemas)
            if int(self.options.get("verbosity", 1)) >= 1:
                sys.stdout.write(
                    f"{len(schemas) - len(outdated)} of {len(schemas)} UAT schemas "
                    f"are up to date; migrating {len(outdated)}\n"
                )
            schemas = outdated
        super().run_migrations(tenants=schemas)
        if self._plain_migrate() and tenant_pass:
            from tenants import schema_template

            schema_template.template_sql()  # taken now if this code has new migrations


def get_executor(codename: str | None = None) -> Any:
    """Ours by default; an explicit ``--executor`` (standard, multiprocessing, subprocess)
    gets django-tenants' own, which is also the benchmark's baseline."""
    if codename is None and not os.environ.get("EXECUTOR"):
        return SkipUpToDateExecutor
    return django_tenants_executor(codename)
