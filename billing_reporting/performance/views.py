"""The portal's public page "Cât de repede răspundem": the UAT's own share answered in term
and median response time by service, for the last 12 months, from the aggregates only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from billing_reporting.indicators.charts import Series, chart
from billing_reporting.indicators.periods import last_months
from billing_reporting.indicators.selectors import uat_indicators


@require_safe
@cache_control(private=True, max_age=600)  # per language: never shared by a proxy
def performance(request: HttpRequest) -> HttpResponse:
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        raise Http404
    period = last_months(12)
    figures = uat_indicators(schema=tenant.schema_name, period=period)
    total = figures.total
    months = figures.months
    trend = chart(
        chart_id="termen",
        title=_("Răspunsuri în termenul legal, lună de lună (%)"),
        description=_("Procentul cererilor la care am răspuns în termen, pentru fiecare lună."),
        labels=[f"{row.key:%m.%y}" for row in months],
        series=[Series(_("în termen"), [row.tally.in_term_share for row in months], "line")],
        top=100,
        unit="%",
    )
    return render(
        request,
        "billing_reporting/performance/page.html",
        {
            "period": period,
            "total": total,
            "services": [row for row in figures.services if row.tally.answered],
            "months": months,
            "trend": trend if total.answered else None,
        },
    )
