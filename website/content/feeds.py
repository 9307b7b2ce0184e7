"""The announcements' Atom feed: /anunturi/atom.xml."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from website.feeds import MAX_ITEMS, AtomFeed

from . import selectors
from .models import Announcement


class AnnouncementFeed(AtomFeed):
    def title(self) -> str:
        return f"{self.uat_name()} — {_('Anunțuri')}"

    def link(self) -> str:
        return "/anunturi/"

    def subtitle(self) -> str:
        return _("Anunțurile și noutățile instituției.")

    def items(self) -> list[Announcement]:
        return list(selectors.announcements_public(today=timezone.localdate())[:MAX_ITEMS])

    def item_title(self, item: Announcement) -> str:
        return item.title

    def item_description(self, item: Announcement) -> str:
        return item.summary

    def item_link(self, item: Announcement) -> str:
        return item.public_path

    def item_categories(self, item: Announcement) -> list[Any]:
        return [item.get_category_display()]
