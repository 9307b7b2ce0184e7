"""The tenant-aware database connection, typed (django-tenants adds schema attributes)."""

from __future__ import annotations

import re
from collections.abc import Callable
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


def requeue_everywhere(
    *, pending: Callable[[], list[int]], task: Any, include_public: bool = False
) -> int:
    """The sweepers' loop: in every active UAT (and the public schema if asked), queue ``task``
    again for each id ``pending`` returns there. Returns how many were queued."""
    schemas = list(
        get_tenant_model().objects.filter(status="active").values_list("schema_name", flat=True)
    )
    requeued = 0
    for schema in (["public"] if include_public else []) + schemas:
        with schema_context(schema):
            for pk in pending():
                task.apply_async(args=(pk,), headers={"_schema_name": schema})
                requeued += 1
    return requeued
