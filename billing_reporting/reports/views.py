"""The UAT's reports at /birou/rapoarte/: any period, as PDF or CSV (administrators)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from billing_reporting.exports import csv_response, pdf_response
from billing_reporting.indicators.periods import period_form
from ghiseu.accounts.guards import uat_admin_only

from .selectors import REPORTS, report_document


@uat_admin_only
@require_safe
def reports(request: HttpRequest) -> HttpResponse:
    form = period_form(request.GET)
    valid = form.is_valid()
    return render(
        request,
        "billing_reporting/reports/list.html",
        {"form": form, "valid": valid, "query": request.GET.urlencode()},
        status=200 if valid else 400,
    )


@uat_admin_only
@require_safe
def report(request: HttpRequest, kind: str, extension: str) -> HttpResponse:
    if kind not in REPORTS or extension not in {"pdf", "csv"}:
        raise Http404
    form = period_form(request.GET)
    if not form.is_valid():
        return reports(request)
    tenant = request.tenant  # type: ignore[attr-defined]
    document = report_document(
        kind=kind, schema=tenant.schema_name, issuer=tenant.official_name, period=form.period
    )
    period = form.period
    name = f"{REPORTS[kind][1]}-{period.first:%Y-%m}-{period.last:%Y-%m}.{extension}"
    if extension == "csv":
        return csv_response(document, filename=name)
    return pdf_response(document, filename=name)
