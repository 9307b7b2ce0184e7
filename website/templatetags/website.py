"""Template helpers of the site: sanitized rich text, the e-signature's words, the latest
items on a portal's home."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from website.documents import signature_label as _signature_label
from website.sanitize import sanitized

register = template.Library()


@register.filter
def rich_text(html: str) -> SafeString:
    """Stored HTML was sanitized when saved; sanitizing again when shown costs little and
    guards against a row written some other way."""
    return mark_safe(sanitized(html))  # noqa: S308 - nh3 has just cleaned it


@register.filter
def signature_label(status: str) -> str:
    return _signature_label(status)


@register.inclusion_tag("website/includes/home_latest.html", takes_context=True)
def site_latest(context: Any) -> dict[str, Any]:
    """The portal home's second half, after the counter's service search: the latest
    announcements and acts."""
    from website.content.selectors import announcements_latest
    from website.mol.selectors import mol_latest

    return {"acts": mol_latest(limit=5), "announcements": announcements_latest(limit=5)}
