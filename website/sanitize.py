"""Rich text from the staff, sanitized by nh3 (the Rust ammonia sanitizer) before it is stored
and again when it is shown: what reaches a citizen's browser is structure and links, never
script, styles or event handlers."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "ul", "ol", "li", "h2", "h3", "h4",
    "a", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "caption", "abbr", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
# No javascript:, data: or vbscript: links; relative links stay (they point into the portal).
URL_SCHEMES = {"http", "https", "mailto", "tel"}
MAX_HTML = 200_000


def sanitized(html: str) -> str:
    return nh3.clean(
        (html or "")[:MAX_HTML],
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def plain_text(html: str) -> str:
    """The words of a sanitized body, for search and meta descriptions."""
    return " ".join(nh3.clean(html or "", tags=set()).split())
