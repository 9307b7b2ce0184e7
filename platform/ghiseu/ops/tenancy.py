"""The tenant-aware database connection, typed (django-tenants adds schema attributes)."""

from __future__ import annotations

from typing import cast

from django.db import connection
from django_tenants.postgresql_backend.base import DatabaseWrapper


def tenant_db() -> DatabaseWrapper:
    return cast(DatabaseWrapper, connection)
