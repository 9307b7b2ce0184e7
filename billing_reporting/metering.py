"""Usage metering plugged into the notification pipeline (settings.NOTIFICATIONS_*)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Sum
from django.utils import timezone

from tenants.models import UAT

from .models import UsageEvent


def usage_record(*, schema: str, kind: str, quantity: int, reference: str) -> None:
    UsageEvent.objects.get_or_create(
        schema_name=schema, kind=kind, reference=reference, defaults={"quantity": quantity}
    )


def month_start() -> datetime:
    now = timezone.localtime()
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def sms_allowance(*, schema: str) -> tuple[int, int | None]:
    """SMS segments used this calendar month, and the UAT's monthly quota (None: unlimited)."""
    quota = (
        UAT.objects.filter(schema_name=schema).values_list("sms_quota_monthly", flat=True).first()
    )
    used = (
        UsageEvent.objects.filter(
            schema_name=schema, kind="sms", occurred_at__gte=month_start()
        ).aggregate(total=Sum("quantity"))["total"]
        or 0
    )
    return int(used), quota
