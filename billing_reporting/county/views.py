"""The county console's quality pages: all UATs side by side, a UAT's services, population."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from billing_reporting.exports import Document, Section, csv_response
from billing_reporting.indicators.periods import period_form
from billing_reporting.indicators.tables import INDICATOR_COLUMNS, number_text, table_of
from billing_reporting.models import Population
from ghiseu.accounts.guards import county_admin_page
from tenants.selectors import uat_directory, uat_get_by_slug

from .selectors import Comparison, county_comparison, uat_services
from .services import population_set


@county_admin_page
@require_safe
def comparison(request: HttpRequest) -> HttpResponse:
    form = period_form(request.GET)
    figures = county_comparison(period=form.period) if form.is_valid() else None
    return render(
        request,
        "billing_reporting/county/comparison.html",
        {"form": form, "figures": figures, "query": request.GET.urlencode()},
        status=200 if figures else 400,
    )


def _comparison_document(figures: Comparison) -> Document:
    header = [
        _("UAT"),
        _("Locuitori"),
        _("Cereri la 1.000 de locuitori"),
        *(str(c.label) for c in INDICATOR_COLUMNS),
        _("Loc"),
    ]
    rows = [
        [
            line.name,
            number_text(line.inhabitants),
            number_text(line.per_thousand, 1),
            *(c.text(line.tally) for c in INDICATOR_COLUMNS),
            number_text(line.rank) if line.rank else _("fără clasament"),
        ]
        for line in figures.lines
    ]
    total = [
        _("Județul"),
        number_text(figures.inhabitants),
        number_text(figures.per_thousand, 1),
        *(c.text(figures.total) for c in INDICATOR_COLUMNS),
        "",
    ]
    return Document(
        title=_("Comparația UAT-urilor: indicatori de calitate"),
        issuer=_("Consiliul Județean"),
        subtitle=_("Perioada: %(period)s") % {"period": figures.period},
        sections=[Section(title=_("UAT-urile județului"), header=header, rows=rows, total=total)],
    )


@county_admin_page
@require_safe
def comparison_csv(request: HttpRequest) -> HttpResponse:
    form = period_form(request.GET)
    if not form.is_valid():
        return comparison(request)
    figures = county_comparison(period=form.period)
    name = f"comparatie-uat-{figures.period.first:%Y-%m}-{figures.period.last:%Y-%m}.csv"
    return csv_response(_comparison_document(figures), filename=name)


@county_admin_page
@require_safe
def uat_drilldown(request: HttpRequest, slug: str) -> HttpResponse:
    uat = uat_get_by_slug(slug=slug)
    if uat is None:
        raise Http404
    form = period_form(request.GET)
    table = None
    if form.is_valid():
        rows, total = uat_services(schema=uat.schema_name, period=form.period)
        table = table_of("servicii", _("Pe servicii"), _("Serviciul"), rows, total)
    return render(
        request,
        "billing_reporting/county/uat.html",
        {"form": form, "subject": uat, "table": table, "query": request.GET.urlencode()},
        status=200 if table is not None else 400,
    )


class PopulationForm(forms.Form):
    inhabitants = forms.IntegerField(
        label=gettext_lazy("Locuitori"),
        min_value=1,
        max_value=3_000_000,
        error_messages={
            "invalid": gettext_lazy("Scrieți numărul de locuitori, fără puncte sau spații."),
            "required": gettext_lazy("Scrieți numărul de locuitori."),
            "min_value": gettext_lazy("Populația este un număr între 1 și 3.000.000 de locuitori."),
            "max_value": gettext_lazy("Populația este un număr între 1 și 3.000.000 de locuitori."),
        },
    )
    source = forms.CharField(
        label=gettext_lazy("Sursa"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("de exemplu: recensământul 2021"),
    )


@county_admin_page
@require_http_methods(["GET", "POST"])
def populations(request: HttpRequest) -> HttpResponse:
    uats = list(uat_directory())
    known = {p.schema_name: p for p in Population.objects.all()}
    chosen = request.POST.get("uat", "")
    form = None
    if request.method == "POST":
        target = next((uat for uat in uats if uat.slug == chosen), None)
        form = PopulationForm(request.POST)
        if target is None:
            messages.error(request, _("UAT-ul ales nu există."))
            return redirect("county_quality:populations")
        if form.is_valid():
            try:
                population_set(
                    actor=request.user,  # type: ignore[arg-type]
                    schema=target.schema_name,
                    inhabitants=form.cleaned_data["inhabitants"],
                    source=form.cleaned_data["source"],
                )
            except ValidationError as error:
                form.add_error("inhabitants", error)
            else:
                messages.success(
                    request,
                    _("Populația UAT-ului %(name)s a fost actualizată.")
                    % {"name": target.official_name},
                )
                return redirect("county_quality:populations")
    rows = [(uat, known.get(uat.schema_name)) for uat in uats]
    return render(
        request,
        "billing_reporting/county/populations.html",
        {"rows": rows, "form": form, "chosen": chosen},
        status=400 if form is not None else 200,
    )
