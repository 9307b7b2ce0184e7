"""An answer letter generated from the clerk's text, on the UAT's letterhead: an electronic
request gets an electronic answer (OUG 38/2020) even when the clerk uploads no file."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from dms.documents.letterhead.base import Issuer, a4_pdf, letterhead, styles, text


def answer_pdf(
    *,
    issuer: Issuer,
    number: str,
    dated: date,
    recipient: str,
    reference: str,
    subject: str,
    body: str,
    signatory: str,
) -> bytes:
    style = styles()
    paragraphs = [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    story = [
        letterhead(issuer),
        Spacer(1, 8 * mm),
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
        *[Paragraph(text(p).replace("\n", "<br/>"), style["body"]) for p in paragraphs],
        Spacer(1, 10 * mm),
        Paragraph(text(signatory), style["value"]),
    ]
    return a4_pdf(
        story,
        title=_("Răspuns la cererea nr. %(reference)s") % {"reference": reference},
        author=issuer.name,
    )
