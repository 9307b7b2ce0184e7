"""The county's index of local acts (<base-domain>/acte/): every UAT's published acts in one
searchable list, with each act's communication to the prefect, and each UAT's feeds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from tenants.selectors import uat_directory
from website.mol.models import Section
from website.mol.prefect import prefect_state
from website.pagination import keyset_page

from .selectors import COUNTY_ORDER, PREFECT_FILTERS, CountyFilters, county_acts

PAGE_SIZE = 30


def _filters(request: HttpRequest, schemas: set[str]) -> CountyFilters:
    params = request.GET
    year, section, prefect = (
        params.get("an", ""),
        params.get("sectiune", ""),
        params.get("prefect", ""),
    )
    schema = params.get("uat", "")
    return CountyFilters(
        query=params.get("q", "")[:100],
        schema_name=schema if schema in schemas else "",
        section=section if section in Section.values else "",
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        prefect=prefect if prefect in PREFECT_FILTERS else "",
    )


@require_safe
def county_index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    uats = list(uat_directory())
    filters = _filters(request, {uat.schema_name for uat in uats})
    acts = county_acts(filters=filters, today=today)
    page = keyset_page(acts, keys=COUNTY_ORDER, params=request.GET, size=PAGE_SIZE)
    rows = [
        (row, prefect_state(due=row.prefect_due, communicated_on=row.communicated_on, today=today))
        for row in page.rows
    ]
    return render(
        request,
        "website/county/index.html",
        {
            "rows": rows,
            "page": page,
            "filters": filters,
            "uats": uats,
            "sections": Section.choices,
            "port": "" if request.get_port() in {"80", "443"} else f":{request.get_port()}",
        },
    )
