"""Announcements and the institution's pages on the portal."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from website.pagination import keyset_page
from website.serving import file_response

from . import selectors
from .models import PUBLIC_INFORMATION_PARTS, Announcement, Category, PageKind

PAGE_SIZE = 20


@require_safe
def announcement_list(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("categorie", "")
    query = request.GET.get("q", "")[:100]
    items = selectors.announcements_public(
        today=timezone.localdate(), category=category, query=query
    )
    page = keyset_page(items, keys=selectors.ANNOUNCEMENT_ORDER, params=request.GET, size=PAGE_SIZE)
    return render(
        request,
        "website/content/announcements.html",
        {
            "page": page,
            "items": page.rows,
            "categories": Category.choices,
            "category": category if category in Category.values else "",
            "query": query,
        },
    )


def _announcement_or_404(slug: str) -> Announcement:
    found = selectors.announcement_public(slug=slug, today=timezone.localdate())
    if found is None:
        raise Http404
    return found


@require_safe
def announcement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "website/content/announcement.html", {"item": _announcement_or_404(slug)}
    )


@require_safe
def announcement_file(request: HttpRequest, slug: str, file_id: int) -> HttpResponseBase:
    item = _announcement_or_404(slug)
    stored = next((f for f in item.files.all() if f.pk == file_id), None)
    if stored is None:
        raise Http404
    return file_response(
        storage_key=stored.storage_key,
        name=stored.name,
        content_type=stored.content_type,
        public=True,
    )


@require_safe
def institution(request: HttpRequest) -> HttpResponse:
    return render(request, "website/content/institution.html", {"pages": selectors.pages_public()})


@require_safe
def page_detail(request: HttpRequest, kind: str) -> HttpResponse:
    page = selectors.page_public(kind=kind) if kind in PageKind.values else None
    if page is None:
        raise Http404
    parts = [
        (label, page.parts.get(letter, ""))
        for letter, label in PUBLIC_INFORMATION_PARTS
        if kind == PageKind.PUBLIC_INFORMATION
    ]
    return render(request, "website/content/page.html", {"page": page, "parts": parts})
