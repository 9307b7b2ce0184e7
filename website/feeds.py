"""Atom feeds of the site (django.contrib.syndication): what a feed reader or the county's
index follows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

MAX_ITEMS = 30


class AtomFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=300"
        return response

    def item_pubdate(self, item: Any) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Any) -> datetime:
        return max(item.published_at, item.updated_at)

    def uat_name(self) -> str:
        return str(getattr(getattr(self.request, "tenant", None), "official_name", ""))
