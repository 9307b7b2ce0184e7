"""Usage metering plugged into the notification pipeline (settings.NOTIFICATIONS_*)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from tenants.selectors import uat_sms_quota

from .models import UsageEvent, UsageMonth


def current_month() -> date:
    return timezone.localdate().replace(day=1)


class Use(NamedTuple):
    """One use as the pipeline hands it over (a plain 3-tuple does as well)."""

    kind: str  # "email", "sms" (quantity = segments), ...
    quantity: int
    reference: str  # what was used, unique per kind (a notification uuid)


def usage_record(*, schema: str, kind: str, quantity: int, reference: str) -> None:
    """Record one use, once: a retried task that records it again changes nothing."""
    usage_record_many(schema=schema, uses=[Use(kind, quantity, reference)])


def usage_record_many(*, schema: str, uses: Sequence[tuple[str, int, str]]) -> None:
    """Record many uses in one statement, each once, and add the new ones to the month's
    running totals. The pipeline calls it in the transaction that records the hand-overs, so
    no message handed over goes uncounted, whatever crashes; a use recorded before (a retried
    task, a receipt that beat the worker) is skipped by the ledger's unique constraint."""
    unique = [Use(*use) for use in {(use[0], use[2]): use for use in uses}.values()]
    if not unique:
        return
    events, months = UsageEvent._meta.db_table, UsageMonth._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # Our table names; every value is bound.
            f"WITH new AS (INSERT INTO public.{events} "  # noqa: S608
            "(schema_name, kind, quantity, reference, occurred_at) "
            "SELECT %s, u.kind, u.quantity, u.reference, %s "
            "FROM unnest(%s::text[], %s::bigint[], %s::text[]) AS u(kind, quantity, reference) "
            "ON CONFLICT (schema_name, kind, reference) DO NOTHING RETURNING kind, quantity) "
            f"INSERT INTO public.{months} (schema_name, kind, month, quantity) "
            "SELECT %s, kind, %s, sum(quantity) FROM new GROUP BY kind "
            "ON CONFLICT (schema_name, kind, month) "
            f"DO UPDATE SET quantity = public.{months}.quantity + EXCLUDED.quantity",
            [
                schema,
                timezone.now(),
                [use.kind for use in unique],
                [use.quantity for use in unique],
                [use.reference for use in unique],
                schema,
                current_month(),
            ],
        )


def sms_allowance(*, schema: str) -> tuple[int, int | None]:
    """SMS segments used this calendar month, and the UAT's monthly quota (None: unlimited)."""
    quota = uat_sms_quota(schema_name=schema)
    used = (
        UsageMonth.objects.filter(schema_name=schema, kind="sms", month=current_month())
        .values_list("quantity", flat=True)
        .first()
    )
    return int(used or 0), quota
