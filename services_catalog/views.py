"""The citizen portal of a UAT: its services, searchable, and a page for each."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors

MAX_QUERY = 100


@require_safe
def portal_home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY]
    category = request.GET.get("categorie", "")[:50]
    offerings = list(selectors.portal_offerings(query=query, category=category))
    return render(
        request,
        "services_catalog/home.html",
        {
            "offerings": offerings,
            "query": query,
            "category": category,
            "categories": selectors.portal_categories(),
        },
    )


@require_safe
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    offering = selectors.portal_offering(code=code)
    if offering is None:
        raise Http404
    return render(
        request,
        "services_catalog/service.html",
        {"offering": offering, "service": offering.service},
    )
