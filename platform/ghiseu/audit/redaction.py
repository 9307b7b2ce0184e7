"""The one exception to append-only history: the retention job overwriting personal data.

The database function ``public.ghiseu_append_only_redactable`` lets an UPDATE through only
while ``ghiseu.retention`` is ``on`` in the current transaction, and only when the columns its
trigger names are all that change (a case event's note, an audit event's data, ...). This
context manager is the only place that turns it on, for the block it wraps.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def retention_redaction() -> Iterator[None]:
    # A savepoint: SET LOCAL done inside one is undone if the block fails, and the explicit
    # "off" ends it when the block succeeds, even inside a longer transaction.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('ghiseu.retention', 'on', true)")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('ghiseu.retention', 'off', true)")
