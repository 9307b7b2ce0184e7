"""An answer letter generated from the clerk's text, on the UAT's letterhead: an electronic
request gets an electronic answer (OUG 38/2020) even when the clerk uploads no file."""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from dms.documents.letterhead.base import Issuer, a4_pdf, letterhead, styles, text

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def answer_pdf(
    *,
    issuer: Issuer,
    number: int,
    dated: date,
    recipient: str,
    reference: str,
    subject: str,
    body: str,
    signatory: str,
) -> bytes:
    style = styles()
    # The clerk's paragraphs as typed: a blank line (or several) separates two, a single line
    # break stays a line break.
    paragraphs = [p.strip() for p in PARAGRAPH_BREAK.split(body.replace("\r\n", "\n"))]
    paragraph = ParagraphStyle("paragraph", parent=style["body"], spaceAfter=style["body"].leading)
    story = [
        letterhead(issuer),
        Spacer(1, 8 * mm),
        # "Nr. 22 din 01.12.2026": the outgoing number, dated once.
        Paragraph(
            text(
                _("Nr. %(number)s din %(date)s") % {"number": number, "date": f"{dated:%d.%m.%Y}"}
            ),
            style["body"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(text(_("Către: %(recipient)s") % {"recipient": recipient}), style["value"]),
        Paragraph(
            text(
                _("Referitor la cererea nr. %(reference)s — %(subject)s")
                % {"reference": reference, "subject": subject}
            ),
            style["body"],
        ),
        Spacer(1, 6 * mm),
        *[Paragraph(text(p).replace("\n", "<br/>"), paragraph) for p in paragraphs if p],
        Spacer(1, 10 * mm),
        Paragraph(text(signatory), style["value"]),
    ]
    return a4_pdf(
        story,
        title=_("Răspuns la cererea nr. %(reference)s") % {"reference": reference},
        author=issuer.name,
    )
