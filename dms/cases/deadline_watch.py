"""Deadlines the staff must not miss: a reminder to the assignee a few working days before the
term, an escalation to the head of department once it has passed. Each is sent once per case
(and again after an extension); a re-run of the sweep changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from dms.cases.deadlines import is_working_day
from dms.cases.notices import staff_notice
from dms.cases.workflow import OPEN
from dms.models import Case
from ghiseu.accounts.models import Role, User
from ghiseu.audit.services import audit_record

REMIND_WORKING_DAYS_BEFORE = 3


def remind_until(today: date) -> date:
    """The last due date that gets its reminder today: ``REMIND_WORKING_DAYS_BEFORE`` working
    days ahead."""
    day, counted = today, 0
    while counted < REMIND_WORKING_DAYS_BEFORE:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


@transaction.atomic
def deadlines_sweep(*, today: date | None = None) -> tuple[int, int]:
    """Returns (reminders, escalations) sent in the current UAT."""
    today = today or timezone.localdate()
    now = timezone.now()
    reminders = 0
    due_soon = (
        Case.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status__in=OPEN, reminded_at__isnull=True, assignee__isnull=False)
        .filter(due_date__gte=today, due_date__lte=remind_until(today))
        .select_related("entry", "assignee")
    )
    for case in due_soon:
        staff_notice(
            user=case.assignee,
            case=case,
            kind="case.reminder",
            key=f"case:{case.pk}:remind:{case.due_date}",
        )
        case.reminded_at = now
        case.save(update_fields=["reminded_at"])
        audit_record(
            actor=None, action="case.reminded", target=case, data={"due": f"{case.due_date}"}
        )
        reminders += 1
    escalations = 0
    overdue = (
        Case.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status__in=OPEN, escalated_at__isnull=True, due_date__lt=today)
        .select_related("entry", "department__head")
    )
    admins = None
    for case in overdue:
        head = case.department.head if case.department else None
        if head is not None:
            recipients = [head]
        else:
            if admins is None:  # no head: the UAT's administrators answer for it
                admins = list(User.objects.filter(role=Role.UAT_ADMIN, is_active=True))
            recipients = admins
        for user in recipients:
            staff_notice(
                user=user,
                case=case,
                kind="case.escalated",
                key=f"case:{case.pk}:escalate:{case.due_date}:{user.pk}",
            )
        case.escalated_at = now
        case.save(update_fields=["escalated_at"])
        audit_record(
            actor=None,
            action="case.escalated",
            target=case,
            data={"due": f"{case.due_date}", "to": [user.pk for user in recipients]},
        )
        escalations += 1
    return reminders, escalations
