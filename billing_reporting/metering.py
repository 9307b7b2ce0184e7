"""Usage metering plugged into the notification pipeline (settings.NOTIFICATIONS_*)."""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from tenants.selectors import uat_sms_quota

from .models import UsageEvent, UsageMonth


def current_month() -> date:
    return timezone.localdate().replace(day=1)


@transaction.atomic
def usage_record(*, schema: str, kind: str, quantity: int, reference: str) -> None:
    """Record one use, once: a retried task that records it again changes nothing. The
    pipeline calls it in the transaction that records the hand-over, so no message handed
    over goes uncounted, whatever crashes."""
    _event, created = UsageEvent.objects.get_or_create(
        schema_name=schema, kind=kind, reference=reference, defaults={"quantity": quantity}
    )
    if created:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO public.{UsageMonth._meta.db_table} "  # noqa: S608 (our table name; values bound)
                "(schema_name, kind, month, quantity) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (schema_name, kind, month) "
                "DO UPDATE SET quantity = EXCLUDED.quantity + "
                f"public.{UsageMonth._meta.db_table}.quantity",
                [schema, kind, current_month(), quantity],
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
