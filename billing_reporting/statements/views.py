"""Statements: the county's billing page in the console, and each UAT's own statements."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from billing_reporting.exports import csv_response, pdf_response
from billing_reporting.indicators.periods import add_months, parse_month
from ghiseu.accounts.guards import county_admin_page, uat_admin_only
from ghiseu.ops.forms import add_service_errors

from . import selectors, services
from .documents import statement_document
from .forms import CorrectionForm, PriceListForm
from .models import Statement


def _last_month() -> date:
    return add_months(timezone.localdate().replace(day=1), -1)


@county_admin_page
@require_http_methods(["GET", "POST"])
def county(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("luna", "")
    month = parse_month(raw) if raw else _last_month()
    error = "" if month is not None else _("Scrieți luna ca an-lună, de exemplu 2026-11.")
    form = PriceListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        prices = {name: value for name, value in form.cleaned_data.items() if name != "valid_from"}
        try:
            services.price_list_create(
                actor=request.user,  # type: ignore[arg-type]
                valid_from=form.cleaned_data["valid_from"],
                prices=prices,
            )
        except ValidationError as failure:
            add_service_errors(form, failure)
        else:
            messages.success(request, _("Lista de prețuri a fost adăugată."))
            return redirect("statements:county")
    context = {
        "month": month,
        "error": error,
        "statements": list(selectors.statements_of_month(month=month)) if month else [],
        "summary": selectors.month_summary(month=month) if month else None,
        "price_lists": selectors.price_lists(),
        "form": form,
    }
    status = 400 if error or (request.method == "POST") else 200
    return render(request, "billing_reporting/statements/county.html", context, status=status)


@county_admin_page
@require_POST
def county_issue(request: HttpRequest) -> HttpResponse:
    month = parse_month(request.POST.get("luna", ""))
    if month is None:
        messages.error(request, _("Scrieți luna ca an-lună, de exemplu 2026-11."))
        return redirect("statements:county")
    try:
        issued = services.statements_issue_month(month=month)
    except ValidationError as failure:
        messages.error(request, " ".join(failure.messages))
    else:
        messages.success(
            request,
            _("%(count)s situații emise pentru %(month)s.")
            % {"count": issued, "month": f"{month:%m.%Y}"},
        )
    return redirect(f"{reverse('statements:county')}?luna={month:%Y-%m}")


def _detail(
    request: HttpRequest, statement: Statement, *, county: bool, form: CorrectionForm | None = None
) -> HttpResponse:
    return render(
        request,
        "billing_reporting/statements/detail.html",
        {
            "statement": statement,
            "lines": list(selectors.statement_lines_of(statement)),
            "county": county,
            "form": form or CorrectionForm(),
            "corrected_by": getattr(statement, "correction", None)
            if _has_correction(statement)
            else None,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _has_correction(statement: Statement) -> bool:
    try:
        return statement.correction is not None
    except Statement.DoesNotExist:
        return False


@county_admin_page
@require_safe
def county_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = selectors.statement_for_county(pk=pk)
    if statement is None:
        raise Http404
    return _detail(request, statement, county=True)


@county_admin_page
@require_POST
def county_correct(request: HttpRequest, pk: int) -> HttpResponse:
    statement = selectors.statement_for_county(pk=pk)
    if statement is None:
        raise Http404
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            correction = services.statement_correct(
                actor=request.user,  # type: ignore[arg-type]
                statement_id=statement.pk,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as failure:
            add_service_errors(form, failure)
        else:
            messages.success(
                request, _("Corecția a fost emisă: %(number)s.") % {"number": correction.number}
            )
            return redirect("statements:county_detail", pk=correction.pk)
    return _detail(request, statement, county=True, form=form)


def _file(statement: Statement, extension: str) -> HttpResponse:
    name = f"situatie-{statement.number}.{extension}"
    document = statement_document(statement)
    return (
        csv_response(document, filename=name)
        if extension == "csv"
        else pdf_response(document, filename=name)
    )


@county_admin_page
@require_safe
def county_file(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    statement = selectors.statement_for_county(pk=pk)
    if statement is None or extension not in {"pdf", "csv"}:
        raise Http404
    return _file(statement, extension)


@uat_admin_only
@require_safe
def uat_list(request: HttpRequest) -> HttpResponse:
    schema = request.tenant.schema_name  # type: ignore[attr-defined]
    return render(
        request,
        "billing_reporting/statements/uat_list.html",
        {"statements": list(selectors.statements_of_uat(schema=schema))},
    )


@uat_admin_only
@require_safe
def uat_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = selectors.statement_for_uat(schema=request.tenant.schema_name, pk=pk)  # type: ignore[attr-defined]
    if statement is None:
        raise Http404
    return _detail(request, statement, county=False)


@uat_admin_only
@require_safe
def uat_file(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    statement = selectors.statement_for_uat(schema=request.tenant.schema_name, pk=pk)  # type: ignore[attr-defined]
    if statement is None or extension not in {"pdf", "csv"}:
        raise Http404
    return _file(statement, extension)
