"""The tenant-aware database connection, typed (django-tenants adds schema attributes)."""

from __future__ import annotations

from typing import Any, cast

from django.db import connection
from django_tenants.postgresql_backend.base import DatabaseWrapper
from django_tenants.utils import get_tenant_model


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
