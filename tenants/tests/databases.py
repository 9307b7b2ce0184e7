"""A second (third, ...) database on the test's PostgreSQL server, for moving UATs between.

Django's connections are per thread: ``on_database`` runs a function in a thread of its own
whose default connection points at another database, in autocommit (what a management
command sees), and closes that connection afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from django.db import connection, connections

T = TypeVar("T")


def on_database(name: str | None, function: Callable[[], T]) -> T:
    """``function()`` in a thread whose default connection uses database ``name``
    (None: the test database itself, but committed)."""

    def run() -> T:
        db = connections["default"]
        if name is not None:
            db.settings_dict = {**db.settings_dict, "NAME": name}
        try:
            return function()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def database_create(name: str, *, copy_of: str | None = None) -> None:
    """An empty database, or a copy of ``copy_of`` (which nobody may be connected to)."""
    template = f' TEMPLATE "{copy_of}"' if copy_of else ""
    on_database(None, lambda: _execute(f'CREATE DATABASE "{name}"{template}'))


def database_drop(name: str) -> None:
    on_database(None, lambda: _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def platform_create(name: str) -> None:
    """A new database holding an empty platform: the public schema migrated, the county's
    catalog seeded and the schema template taken, as after a first deployment. The template
    is the test database's own (same code, same template): taking it again costs seconds."""
    from django.core.management import call_command

    from services_catalog.services import catalog_seed
    from tenants.models import SchemaTemplate

    template = on_database(None, lambda: SchemaTemplate.objects.values("fingerprint", "sql").get())
    database_create(name)

    def prepare() -> None:
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        catalog_seed()
        SchemaTemplate.objects.create(**template)

    on_database(name, prepare)


def _execute(statement: str) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(statement)
