"""On the 1st, every UAT's statement of the month that ended. Tasks call services."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from billing_reporting.indicators.periods import add_months

from . import services


@shared_task(name="billing_reporting.statements_issue")
def statements_issue() -> int:
    month = add_months(timezone.localdate().replace(day=1), -1)
    return services.statements_issue_month(month=month)
