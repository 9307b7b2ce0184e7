"""The staff home's "my work" panel: a clerk's open cases, a head's departments', the whole
UAT's for the registry and the administrators; what is overdue and what falls due within 3
working days, and the nearest terms first. Five queries whatever the number of cases."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dms import permissions
from ghiseu.accounts.dashboard import Panel
from ghiseu.accounts.models import Role

from .deadline_watch import remind_until
from .selectors import InboxFilters, inbox_cases

NEAREST = 8


def work_panel(request: HttpRequest) -> Panel | None:
    user: Any = request.user
    if getattr(request, "tenant", None) is None or not permissions.is_staff(user):
        return None
    mine = user.role == Role.CLERK
    cases = inbox_cases(user=user, filters=InboxFilters(assignee="mine" if mine else ""))
    today = timezone.localdate()
    soon = remind_until(today)
    counts = cases.aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(due_date__lt=today)),
        soon=Count("id", filter=Q(due_date__gte=today, due_date__lte=soon)),
        unassigned=Count("id", filter=Q(assignee__isnull=True)),
    )
    nearest = list(
        cases.select_related("entry", "department", "assignee").order_by("due_date", "pk")[:NEAREST]
    )
    for case in nearest:
        case.overdue = case.due_date < today  # type: ignore[attr-defined]
        case.due_soon = today <= case.due_date <= soon  # type: ignore[attr-defined]
    if mine:
        title = _("Cererile mele deschise")
    elif user.role == Role.HEAD:
        title = _("Cererile compartimentelor mele")
    else:
        title = _("Cererile deschise ale instituției")
    return Panel(
        template="dms/cases/panel.html",
        context={
            "title": title,
            "counts": counts,
            "nearest": nearest,
            "mine": mine,
            "show_unassigned": not mine,
        },
        order=10,
    )
