"""The MOL's public pages: the six sections, each act at a readable address, its files."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from website.pagination import keyset_page
from website.serving import file_response

from . import selectors
from .forms import filters_from
from .models import PREFECT_SECTIONS, Act, ActKind, Section
from .prefect import act_prefect_state

PAGE_SIZE = 20


def _section_or_404(section: str) -> Section:
    if section not in Section.values:
        raise Http404
    return Section(section)


def _listing(request: HttpRequest, *, section: str = "") -> dict[str, object]:
    today = timezone.localdate()
    filters = filters_from(request.GET, section=section)
    acts = selectors.mol_public_acts(filters=filters, today=today)
    page = keyset_page(acts, keys=selectors.ACT_ORDER, params=request.GET, size=PAGE_SIZE)
    return {
        "filters": filters,
        "page": page,
        "acts": page.rows,
        "years": selectors.mol_years(section=section),
        "kinds": ActKind.choices,
        "statuses": STATUS_LABELS,
        "today": today,
    }


STATUS_LABELS = [
    ("in_force", _("în vigoare")),
    ("amended", _("modificat")),
    ("repealed", _("abrogat")),
]


@require_safe
def mol_home(request: HttpRequest) -> HttpResponse:
    context = _listing(request) if request.GET.get("q") else {}
    return render(
        request,
        "website/mol/home.html",
        {**context, "counts": selectors.mol_section_counts(), "sections": Section.choices},
    )


@require_safe
def mol_section(request: HttpRequest, section: str) -> HttpResponse:
    chosen = _section_or_404(section)
    return render(
        request,
        "website/mol/section.html",
        {**_listing(request, section=section), "section": chosen},
    )


MAX_NUMBER = 999_999  # beyond any register; keeps absurd URLs out of integer columns


def _act_or_404(section: str, year: int, number: int) -> Act:
    _section_or_404(section)
    if not (1990 <= year <= 9999 and 0 < number <= MAX_NUMBER):
        raise Http404
    act = selectors.mol_public_act(section=section, year=year, number=number)
    if act is None:
        raise Http404
    return act


@require_safe
def mol_act(request: HttpRequest, section: str, year: int, number: int) -> HttpResponse:
    act = _act_or_404(section, year, number)
    today = timezone.localdate()
    return render(
        request,
        "website/mol/act.html",
        {
            "act": act,
            "section": Section(section),
            "main_file": selectors.act_main_file(act),
            "annexes": selectors.act_annexes(act),
            "prefect": act_prefect_state(act, today=today) if section in PREFECT_SECTIONS else None,
            "in_force": act.in_force(today),
        },
    )


@require_safe
def mol_file(
    request: HttpRequest, section: str, year: int, number: int, file_id: int
) -> HttpResponseBase:
    act = _act_or_404(section, year, number)
    stored = selectors.mol_public_file(act=act, file_id=file_id) if file_id < 2**62 else None
    if stored is None:
        raise Http404
    return file_response(
        storage_key=stored.storage_key,
        name=stored.name,
        content_type="application/pdf",
        public=True,
    )
