"""The staff home's quality panel: the last 12 months' headline figures (the whole UAT for
its administrators, a head's departments for a head) and the open nonconformities."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ghiseu.accounts.dashboard import Panel
from ghiseu.accounts.models import Role

from .indicators.access import department_scope
from .indicators.periods import last_months
from .indicators.selectors import uat_headline
from .quality.nonconformities.selectors import nonconformities_for

OPEN_SHOWN = 5


def quality_panel(request: HttpRequest) -> Panel | None:
    user: Any = request.user
    tenant = getattr(request, "tenant", None)
    if tenant is None or getattr(user, "role", None) not in {Role.UAT_ADMIN, Role.HEAD}:
        return None
    period = last_months(12)
    departments = department_scope(user, chosen="")
    open_entries = nonconformities_for(user=user, state="deschise")
    return Panel(
        template="billing_reporting/dashboard/panel.html",
        context={
            "period": period,
            "tally": uat_headline(
                schema=tenant.schema_name, period=period, department_ids=departments
            ),
            "nonconformities": list(open_entries[:OPEN_SHOWN]),
            "nonconformities_open": open_entries.count(),
        },
        order=20,
    )
