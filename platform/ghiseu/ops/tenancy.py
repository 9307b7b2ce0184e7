"""The tenant-aware database connection, typed (django-tenants adds schema attributes)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, cast

from django.db import connection
from django_tenants.postgresql_backend.base import DatabaseWrapper
from django_tenants.utils import get_tenant_model, schema_context

# A UAT schema name as the platform creates them (slug with "_"); the only form ever put
# into SQL text as an identifier.
SCHEMA_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def tenant_db() -> DatabaseWrapper:
    return cast(DatabaseWrapper, connection)


def current_tenant_record() -> Any:
    """The tenant row of the current schema (a task or schema_context only has its name);
    None on the public schema."""
    db = tenant_db()
    if db.schema_name == "public":
        return None
    tenant_model = get_tenant_model()
    if isinstance(db.tenant, tenant_model):
        return db.tenant
    return tenant_model.objects.filter(schema_name=db.schema_name).first()


def in_every_uat(*, active_only: bool = True) -> Iterator[str]:
    """Each UAT's schema name in turn, with the connection switched to it meanwhile."""
    uats = get_tenant_model().objects.all()
    if active_only:
        uats = uats.filter(status="active")
    for schema in list(uats.values_list("schema_name", flat=True)):
        with schema_context(schema):
            yield schema


def requeue_everywhere(
    *, pending: Callable[[], list[int]], task: Any, include_public: bool = False
) -> int:
    """The sweepers' loop: in every active UAT (and the public schema if asked), queue ``task``
    again for each id ``pending`` returns there. Returns how many were queued."""
    requeued = 0
    if include_public:
        with schema_context("public"):
            requeued += _requeue(pending, task, "public")
    for schema in in_every_uat():
        requeued += _requeue(pending, task, schema)
    return requeued


def _requeue(pending: Callable[[], list[int]], task: Any, schema: str) -> int:
    ids = pending()
    for pk in ids:
        task.apply_async(args=(pk,), headers={"_schema_name": schema})
    return len(ids)
