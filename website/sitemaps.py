"""The portal's sitemap (django.contrib.sitemaps): every public page of the site."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from .content.models import Page
from .content.selectors import announcements_public
from .mol.models import Act, Section

MAX_URLS = 50_000  # the sitemap protocol's limit per file


class StaticSitemap(Sitemap):
    def items(self) -> list[str]:
        fixed = [
            "/",
            "/mol/",
            "/consultare-publica/",
            "/consultare-publica/propuneri/",
            "/anunturi/",
            "/institutia/",
        ]
        return fixed + [f"/mol/{section}/" for section in Section.values]

    def location(self, item: str) -> str:
        return item


class ActSitemap(Sitemap):
    def items(self) -> Any:
        return (
            Act.objects.filter(published_at__isnull=False)
            .only("section", "year", "number", "updated_at")
            .order_by("-id")[:MAX_URLS]
        )

    def location(self, item: Act) -> str:
        return item.public_path

    def lastmod(self, item: Act) -> datetime:
        return item.updated_at


class AnnouncementSitemap(Sitemap):
    def items(self) -> Any:
        return announcements_public(today=timezone.localdate())[:MAX_URLS]

    def location(self, item: Any) -> str:
        return str(item.public_path)

    def lastmod(self, item: Any) -> datetime:
        return item.updated_at


class PageSitemap(Sitemap):
    def items(self) -> Any:
        return Page.objects.filter(published_at__isnull=False).order_by("kind")

    def location(self, item: Page) -> str:
        return item.public_path


SITEMAPS = {
    "pagini": StaticSitemap,
    "acte": ActSitemap,
    "anunturi": AnnouncementSitemap,
    "institutia": PageSitemap,
}
