"""Reads on announcements and pages: the public sees published, unexpired items only."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from website.documents import search_query

from .models import Announcement, Category, Page, PageKind

# Newest first; the keys of the list's pages (website.pagination).
ANNOUNCEMENT_ORDER = ("published_at", "id")


def announcements_public(
    *, today: date, category: str = "", query: str = ""
) -> QuerySet[Announcement]:
    items = Announcement.objects.filter(published_at__isnull=False).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )
    if category in Category.values:
        items = items.filter(category=category)
    search = search_query(query)
    if search is not None:
        items = items.filter(search_vector=search)
    return items.order_by(*(f"-{key}" for key in ANNOUNCEMENT_ORDER))


def announcements_latest(*, limit: int = 5) -> list[Announcement]:
    return list(announcements_public(today=timezone.localdate())[:limit])


def announcement_public(*, slug: str, today: date) -> Announcement | None:
    return announcements_public(today=today).filter(slug=slug).prefetch_related("files").first()


def announcements_staff() -> QuerySet[Announcement]:
    return Announcement.objects.order_by("-updated_at", "-id")


def announcement_staff(*, announcement_id: int) -> Announcement | None:
    return Announcement.objects.prefetch_related("files").filter(pk=announcement_id).first()


def pages_public() -> list[Page]:
    return list(Page.objects.filter(published_at__isnull=False).order_by("kind"))


def page_public(*, kind: str) -> Page | None:
    return Page.objects.filter(kind=kind, published_at__isnull=False).first()


def pages_staff() -> dict[str, Page | None]:
    found = {page.kind: page for page in Page.objects.all()}
    return {kind: found.get(kind) for kind in PageKind.values}
