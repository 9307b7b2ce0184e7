"""Django's database sessions (in each UAT's own schema), with fewer round trips.

Django checks that a new random key is free (a SELECT) before the INSERT that would refuse a
taken one anyway (``create`` then tries another key), and wraps the one statement that saves
a session in a transaction of its own (BEGIN, COMMIT): outside a transaction that statement
is atomic by itself. Together four round trips of a citizen's five-request filing."""

from __future__ import annotations

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError, IntegrityError, connections, router
from django.utils.crypto import get_random_string


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self) -> str:
        return get_random_string(32, VALID_KEY_CHARS)

    def save(self, must_create: bool = False) -> None:
        using = router.db_for_write(self.model)
        if self.session_key is None or connections[using].in_atomic_block:
            # Inside a transaction the savepoint keeps a refused INSERT from aborting it.
            return super().save(must_create=must_create)
        data = self._get_session(no_load=must_create)  # type: ignore[attr-defined]
        obj = self.create_model_instance(data)
        try:
            obj.save(force_insert=must_create, force_update=not must_create, using=using)
        except IntegrityError:
            if must_create:
                raise CreateError from None
            raise
        except DatabaseError:
            if not must_create:
                raise UpdateError from None
            raise
