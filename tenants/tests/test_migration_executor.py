from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.migration_executors.standard import StandardExecutor

from tenants.migration_executor import SkipUpToDateExecutor, schemas_needing_migrations

pytestmark = pytest.mark.django_db


def test_up_to_date_schemas_are_skipped_and_an_outdated_one_is_found(world):
    schemas = [world.resita.uat.schema_name, world.caransebes.uat.schema_name]
    assert schemas_needing_migrations(schemas) == []
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM resita_t.django_migrations WHERE app = 'accounts'")
    assert schemas_needing_migrations(schemas) == ["resita_t"]


def test_a_schema_without_migration_records_is_left_to_migrate(world):
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA half_made")
    assert schemas_needing_migrations(["half_made", "resita_t"]) == ["half_made"]


def test_the_executor_migrates_only_outdated_schemas(world, monkeypatch):
    migrated: list[list[str]] = []
    monkeypatch.setattr(
        StandardExecutor,
        "run_migrations",
        lambda self, tenants=None: migrated.append(list(tenants or [])),
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM caransebes_t.django_migrations WHERE app = 'audit'")
    SkipUpToDateExecutor([], {"verbosity": 0}).run_migrations(["resita_t", "caransebes_t"])
    assert migrated == [["caransebes_t"]]


def test_targeted_runs_are_never_filtered(world, monkeypatch):
    migrated: list[list[str]] = []
    monkeypatch.setattr(
        StandardExecutor,
        "run_migrations",
        lambda self, tenants=None: migrated.append(list(tenants or [])),
    )
    SkipUpToDateExecutor([], {"verbosity": 0, "fake": True}).run_migrations(["resita_t"])
    assert migrated == [["resita_t"]]
