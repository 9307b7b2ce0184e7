"""A database that took the first shape of 0003 (one dense histogram per aggregate) keeps its
figures when 0006 moves it to days and counts; a database already in the new shape is left
alone."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

from billing_reporting.models import MonthlyStat

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module(
    "billing_reporting.migrations.0006_histogram_as_days_and_counts"
)


def _convert() -> str:
    return "".join(MIGRATION.CONVERT.format(table=table) for table in MIGRATION.TABLES)


def test_an_old_histogram_is_carried_into_days_and_counts():
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA old_shape")
        cursor.execute("SET LOCAL search_path TO old_shape")
        for table in MIGRATION.TABLES:
            cursor.execute(f"CREATE TABLE {table} (id int, response_histogram integer[] NOT NULL)")
        cursor.execute(
            "INSERT INTO billing_reporting_monthlystat VALUES (1, '{0,3,0,0,2}'), (2, '{}')"
        )
        cursor.execute(_convert())
        cursor.execute(
            "SELECT id, response_days, response_counts FROM billing_reporting_monthlystat"
            " ORDER BY id"
        )
        assert cursor.fetchall() == [(1, [1, 4], [3, 2]), (2, [], [])]
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'old_shape'"
            " AND column_name = 'response_histogram'"
        )
        assert cursor.fetchone() == (0,)
        cursor.execute("SET LOCAL search_path TO public")


def test_a_database_in_the_new_shape_is_left_as_it_is(world):
    MonthlyStat.objects.create(
        schema_name="resita_t",
        month="2026-01-01",
        service_code="petitie",
        channel="online",
        response_days=[2, 5],
        response_counts=[1, 1],
    )
    with connection.cursor() as cursor:
        cursor.execute(_convert())
    assert MonthlyStat.objects.get().response_days == [2, 5]
