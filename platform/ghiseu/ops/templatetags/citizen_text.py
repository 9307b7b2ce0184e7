"""What citizens typed, shown to staff: ``{{ case.citizen_name|isolated }}``.

Text from outside (a name, a request, a reply, a file's name) may carry bidirectional
controls that make it read as something else, or reorder what is printed next to it. The
``isolated`` filter drops those controls and isolates the text in ``<bdi>``, so a
right-to-left name still reads right and cannot move the number beside it. It escapes the
text: chain it after filters that cut text (``excerpt``) and before those that add markup
(``linebreaksbr``).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ghiseu.ops.text import bidi_neutral, shortened

register = template.Library()


@register.filter(is_safe=True)
def isolated(value: Any) -> SafeString:
    if value is None or value == "":
        return SafeString("")
    return format_html("<bdi>{}</bdi>", bidi_neutral(str(value)))


@register.filter
def excerpt(value: Any, limit: int) -> str:
    """The beginning of a text, cut between words with an ellipsis (``|excerpt:120``)."""
    return shortened(str(value or ""), limit=int(limit))
