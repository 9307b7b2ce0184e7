"""Shared fixtures: the two-UAT world every test can ask "and the other UAT sees nothing?".

The test database, two UATs (each with an administrator and a clerk) and the schema template
are created once per run and committed; each test then runs inside a transaction that is rolled
back, so tests stay fast and independent. Browser tests serve the committed world.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from citizens.tests.fixtures import _eid_process, local_eid  # noqa: F401
from payments.tests.fixtures import _processor_server, card_processor  # noqa: F401
from tests.world import World, build_world


@pytest.fixture(scope="session", autouse=True)
def _static_files_collected() -> None:
    """Static files are served as in production (hashed names, compressed, from STATIC_ROOT):
    a page naming a file the manifest lacks fails its test instead of a user's browser."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[None]:  # type: ignore[override]
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        from services_catalog.services import catalog_seed
        from tenants import schema_template

        schema_template.template_sql()  # migrate took it already
        catalog_seed()
        pytest.world = build_world()  # type: ignore[attr-defined]
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        # Live-server threads may still hold connections; the test database must be dropped.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def world(db: None) -> World:
    """Asking for the world implies database access (pytest-django creates the test
    database only when a collected test needs it)."""
    return pytest.world  # type: ignore[attr-defined,no-any-return]


@pytest.fixture(autouse=True)
def _public_schema_between_tests() -> Iterator[None]:
    """A request or a test may leave the connection in a UAT's schema; start each in public.
    The cache outlives the rolled-back transaction of a test, so it is emptied too."""
    yield
    from django.core.cache import cache
    from django.db import connection

    cache.clear()
    if getattr(connection, "schema_name", "public") != "public":
        connection.set_schema_to_public()
