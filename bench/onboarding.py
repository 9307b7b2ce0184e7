"""Onboarding a UAT: SQL template replay vs django-tenants' clone_schema vs every migration.

The three roads are interleaved round by round, so a noisy neighbour slows all of them alike;
the figures that matter are the ratios, measured in the same run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.clone import CloneSchema

from bench.report import summary
from tenants import schema_template
from tenants.services import OnboardingData, uat_onboard

ROUNDS = 15
BASE_SCHEMA = "bench_clone_base"


def _data(prefix: str, n: int) -> OnboardingData:
    return OnboardingData(
        official_name=f"Comuna {prefix} {n}",
        short_name=f"{prefix}{n}",
        kind="comuna",
        slug=f"{prefix}-{n}",
        siruta=800000 + hash((prefix, n)) % 99999,
        admin_email=f"admin@{prefix}{n}.example.org",
    )


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _by_migrations(data: OnboardingData) -> None:
    def unavailable(**kwargs: object) -> str:
        raise schema_template.TemplateUnavailable("benchmark: the slow road")

    original = schema_template.template_sql
    schema_template.template_sql = unavailable  # type: ignore[assignment]
    try:
        uat_onboard(data=data)
    finally:
        schema_template.template_sql = original  # type: ignore[assignment]


def _by_clone(data: OnboardingData) -> None:
    """django-tenants' base-schema cloning followed by faked migrations, as it does on save."""

    def create(schema_name: str, sql: str) -> None:
        CloneSchema().clone_schema(BASE_SCHEMA, schema_name, "DATA")
        call_command(
            "migrate_schemas",
            tenant=True,
            fake=True,
            schema_name=schema_name,
            interactive=False,
            verbosity=0,
        )
        connection.set_schema_to_public()

    original = schema_template.schema_create_from_template
    schema_template.schema_create_from_template = create  # type: ignore[assignment]
    try:
        with transaction.atomic():
            uat_onboard(data=data)
    finally:
        schema_template.schema_create_from_template = original  # type: ignore[assignment]


def run() -> None:
    schema_template.template_build()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{BASE_SCHEMA}" CASCADE')
        cursor.execute(
            schema_template.template_sql().replace(schema_template.PLACEHOLDER, BASE_SCHEMA)
        )
    roads: dict[str, Callable[[OnboardingData], None]] = {
        "template replay (ours)": lambda d: uat_onboard(data=d),
        "clone_schema + fake migrations": _by_clone,
        "every migration": _by_migrations,
    }
    timings: dict[str, list[float]] = {name: [] for name in roads}
    for n in range(ROUNDS):
        for index, (name, road) in enumerate(roads.items()):
            data = _data(f"b{index}", n)
            timings[name].append(_timed(lambda road=road, data=data: road(data)))
    print("\n== Onboarding one UAT (schema + domain + admin + invitation), seconds ==")
    for name, seconds in timings.items():
        print(summary(name, seconds))
    ours = statistics.median(timings["template replay (ours)"])
    for name, seconds in timings.items():
        print(f"  ratio {name:<32} {statistics.median(seconds) / ours:5.2f}x ours")
