"""django-tenants' PostgreSQL backend, without re-setting a search path that is in place.

django-tenants forgets the search path on the connection whenever a schema is chosen, even
when the connection already has that path, so every request (and every ``schema_context`` of
the current schema) paid a ``SET search_path`` round trip before its first query. This
backend remembers the last path a ``SET`` put in place, forgets it where PostgreSQL does (a
rollback, a rollback to a savepoint) and when the connection closes, and keeps it when the
schema chosen gives the same path.
"""

from __future__ import annotations

from typing import Any

from django_tenants.postgresql_backend import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._path_in_place: list[str] | None = None
        super().__init__(*args, **kwargs)

    def set_tenant(self, tenant: Any, include_public: bool = True) -> None:
        super().set_tenant(tenant, include_public)
        if self._path_in_place is not None and self._path_in_place == (
            self._get_cursor_search_paths()
        ):
            self.search_path_set_schemas = self._path_in_place

    def _handle_search_path(self, cursor: Any = None) -> None:
        super()._handle_search_path(cursor)
        if self.search_path_set_schemas is not None:
            self._path_in_place = self.search_path_set_schemas

    def connect(self) -> None:
        self._path_in_place = None
        super().connect()

    def close(self) -> None:
        self._path_in_place = None
        super().close()

    def rollback(self) -> None:
        self._path_in_place = None
        super().rollback()

    def savepoint_rollback(self, sid: str) -> None:
        self._path_in_place = None
        super().savepoint_rollback(sid)
