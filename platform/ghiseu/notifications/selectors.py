"""Reads on notifications: a UAT's log, and the pipeline's health across every UAT."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from ghiseu.ops.tenancy import SCHEMA_NAME

from .models import Notification


def notification_log(*, status: str = "") -> QuerySet[Notification]:
    queryset = Notification.objects.defer("body_html").order_by("-created_at", "-id")
    return queryset.filter(status=status) if status else queryset


def notification_get_by_uuid(*, notification_uuid: str) -> Notification | None:
    return Notification.objects.filter(uuid=notification_uuid).first()


@dataclass(frozen=True)
class PipelineHealth:
    schema_name: str
    queued: int
    failed_24h: int
    sent_24h: int
    median_delay_seconds: float | None


def pipeline_health(*, schemas: list[str]) -> dict[str, PipelineHealth]:
    """One query for every UAT: queued now, failed and sent in the last day, median delay."""
    valid = [schema for schema in schemas if SCHEMA_NAME.match(schema)]
    if not valid:
        return {}
    since = timezone.now() - timedelta(days=1)
    parts = " UNION ALL ".join(
        f"""SELECT '{schema}',
            count(*) FILTER (WHERE status IN ('created', 'sending', 'temporary-failure')),
            count(*) FILTER (WHERE status IN ('permanent-failure', 'technical-failure', 'skipped')
                             AND updated_at >= %(since)s),
            count(*) FILTER (WHERE sent_at >= %(since)s),
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at))
                FILTER (WHERE sent_at >= %(since)s)
            FROM "{schema}".notifications_notification"""  # noqa: S608 (names match SCHEMA_NAME)
        for schema in valid
    )
    with connection.cursor() as cursor:
        cursor.execute(parts, {"since": since})
        rows = cursor.fetchall()
    return {
        row[0]: PipelineHealth(
            row[0], row[1], row[2], row[3], float(row[4]) if row[4] is not None else None
        )
        for row in rows
    }
