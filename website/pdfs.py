"""PDFs the site issues on the UAT's letterhead: the yearly consultation report, and the demo's
acts (real text, so that extraction and search have something to read)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from .documents import Issuer, a4_pdf, letterhead, styles, text


def letterhead_pdf(
    *,
    issuer: Issuer,
    title: str,
    paragraphs: Sequence[str],
    table: Sequence[Sequence[str]] = (),
    signatory: str = "",
) -> bytes:
    style = styles()
    story = [letterhead(issuer), Spacer(1, 8 * mm), Paragraph(text(title), style["title"])]
    story += [Spacer(1, 4 * mm)]
    for paragraph in paragraphs:
        story += [Paragraph(text(paragraph), style["body"]), Spacer(1, 2 * mm)]
    if table:
        rows = [[Paragraph(text(cell), style["body"]) for cell in row] for row in table]
        story += [
            Spacer(1, 4 * mm),
            Table(
                rows,
                colWidths=[120 * mm, 40 * mm],
                style=[
                    ("GRID", (0, 0), (-1, -1), 0.5, "#888888"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ],
            ),
        ]
    if signatory:
        story += [Spacer(1, 10 * mm), Paragraph(text(signatory), style["value"])]
    return a4_pdf(story, title=title, author=issuer.name)
