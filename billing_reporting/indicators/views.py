"""The UAT's indicators at /birou/indicatori/: the page, its CSV and its PDF."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from billing_reporting.exports import Document, csv_response, pdf_response
from dms.departments.selectors import department_names

from .access import ScopeError, department_scope, indicators_page
from .charts import Series, chart
from .periods import period_form
from .selectors import Indicators, uat_indicators
from .tables import indicator_tables, table_section


def _trend_charts(figures: Indicators) -> list[dict[str, Any]]:
    labels = [f"{row.key:%m.%y}" for row in figures.months]
    months = figures.months
    return [
        {
            "id": "primite",
            "svg": chart(
                chart_id="primite",
                title=_("Cereri primite și soluționate, pe luni"),
                description=_("Bare: cererile primite și cele soluționate în fiecare lună."),
                labels=labels,
                series=[
                    Series(_("primite"), [r.tally.received for r in months], "bar"),
                    Series(_("soluționate"), [r.tally.answered for r in months], "bar"),
                ],
            ),
            "table": "luni",
        },
        {
            "id": "termen",
            "svg": chart(
                chart_id="termen",
                title=_("Soluționate în termenul legal, pe luni (%)"),
                description=_("Linie: procentul cererilor soluționate în termen, lună de lună."),
                labels=labels,
                series=[Series(_("în termen"), [r.tally.in_term_share for r in months], "line")],
                top=100,
                unit="%",
            ),
            "table": "luni",
        },
        {
            "id": "durata",
            "svg": chart(
                chart_id="durata",
                title=_("Timpul de răspuns, pe luni (zile lucrătoare)"),
                description=_("Linie continuă: mediana; linie întreruptă: 90% dintre cereri."),
                labels=labels,
                series=[
                    Series(_("mediana"), [r.tally.median_days for r in months], "line"),
                    Series(_("P90"), [r.tally.p90_days for r in months], "dashed"),
                ],
            ),
            "table": "luni",
        },
    ]


def _figures(request: HttpRequest) -> tuple[Any, Indicators | None, str, int]:
    """The form, the indicators (None on bad input), the error to show and the status."""
    form = period_form(request.GET)
    if not form.is_valid():
        return form, None, "", 400
    try:
        departments = department_scope(request.user, chosen=request.GET.get("compartiment", ""))
    except ScopeError:
        return form, None, _("Nu aveți acces la indicatorii acestui compartiment."), 403
    schema = request.tenant.schema_name  # type: ignore[attr-defined]
    return (
        form,
        uat_indicators(schema=schema, period=form.period, department_ids=departments),
        "",
        200,
    )


def _choices(request: HttpRequest) -> list[tuple[int, str]]:
    names = department_names()
    allowed = department_scope(request.user, chosen="")
    return sorted(
        ((pk, name) for pk, name in names.items() if allowed is None or pk in allowed),
        key=lambda item: item[1],
    )


@indicators_page
@require_safe
def indicators(request: HttpRequest) -> HttpResponse:
    form, figures, error, status = _figures(request)
    context = {
        "form": form,
        "figures": figures,
        "error": error,
        "departments": _choices(request),
        "chosen": request.GET.get("compartiment", ""),
        "tables": indicator_tables(figures) if figures else [],
        "charts": _trend_charts(figures) if figures and not figures.is_empty else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "billing_reporting/indicators/page.html", context, status=status)


def _document(request: HttpRequest, figures: Indicators) -> Document:
    scope = request.GET.get("compartiment", "")
    subtitle = _("Perioada: %(period)s") % {"period": figures.period}
    if scope:
        subtitle += " · " + _("compartimentul %(name)s") % {
            "name": department_names().get(int(scope), scope)
        }
    return Document(
        title=_("Indicatori de calitate ai serviciilor publice"),
        issuer=request.tenant.official_name,  # type: ignore[attr-defined]
        subtitle=subtitle,
        sections=[table_section(table) for table in indicator_tables(figures)],
    )


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    form, figures, error, status = _figures(request)
    if figures is None:
        context = {"form": form, "figures": None, "error": error, "departments": [], "tables": []}
        return render(request, "billing_reporting/indicators/page.html", context, status=status)
    document = _document(request, figures)
    name = f"indicatori-{figures.period.first:%Y-%m}-{figures.period.last:%Y-%m}.{kind}"
    if kind == "csv":
        return csv_response(document, filename=name)
    return pdf_response(document, filename=name)


@indicators_page
@require_safe
def indicators_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@indicators_page
@require_safe
def indicators_pdf(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf")
