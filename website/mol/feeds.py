"""One Atom feed per MOL section: /mol/<section>/atom.xml."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from website.feeds import MAX_ITEMS, AtomFeed

from .models import Act, Section


class SectionFeed(AtomFeed):
    def get_object(self, request: Any, section: str) -> Section:
        if section not in Section.values:
            raise Http404
        return Section(section)

    def title(self, obj: Section) -> str:
        return f"{self.uat_name()} — {_('Monitorul Oficial Local')}: {obj.label}"

    def link(self, obj: Section) -> str:
        return f"/mol/{obj.value}/"

    def subtitle(self, obj: Section) -> str:
        return _("Actele publicate în secțiunea „%(section)s”.") % {"section": obj.label}

    def items(self, obj: Section) -> list[Act]:
        return list(
            Act.objects.filter(section=obj.value, published_at__isnull=False).order_by(
                "-published_at", "-id"
            )[:MAX_ITEMS]
        )

    def item_title(self, item: Act) -> str:
        return f"{item}: {item.title}"

    def item_description(self, item: Act) -> str:
        return _("Adoptat(ă) la %(date)s. Caracter %(kind)s.") % {
            "date": f"{item.adopted_on:%d.%m.%Y}",
            "kind": item.get_kind_display(),
        }

    def item_link(self, item: Act) -> str:
        return item.public_path
