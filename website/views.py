"""The site-wide search: acts and announcements, diacritics in either form or none."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .content.selectors import announcements_public
from .mol.selectors import ActFilters, mol_public_acts

MAX_RESULTS = 20


@require_safe
def site_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    today = timezone.localdate()
    acts, announcements = [], []
    if query.strip():
        acts = list(mol_public_acts(filters=ActFilters(query=query), today=today)[:MAX_RESULTS])
        announcements = list(announcements_public(today=today, query=query)[:MAX_RESULTS])
    return render(
        request,
        "website/search.html",
        {"query": query, "acts": acts, "announcements": announcements},
    )
