"""CSV and PDF of the indicators, reports and statements: titled sections of tables.

CSV for Excel with Romanian settings (UTF-8 with a BOM, ";"), text that could start a formula
kept as text; PDF drawn by reportlab in Source Sans Pro (ș and ț), A4 landscape, each table's
header repeated on every page.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT, FONT_BOLD = "QualitySans", "QualitySans-Bold"


@dataclass(frozen=True)
class Section:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    total: Sequence[str] | None = None  # printed last, in bold
    note: str = ""


@dataclass(frozen=True)
class Document:
    title: str
    issuer: str  # the UAT, or the county
    subtitle: str = ""
    sections: Sequence[Section] = field(default_factory=tuple)
    facts: Sequence[tuple[str, str]] = ()  # label: value lines under the title


def _excel_safe(cell: object) -> str:
    text = str(cell)
    return (
        "'" + text
        if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text)
        else text
    )


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "").lstrip("-").isdigit()


def csv_bytes(document: Document) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([document.title])
    writer.writerow([document.issuer])
    if document.subtitle:
        writer.writerow([document.subtitle])
    for label, value in document.facts:
        writer.writerow([_excel_safe(label), _excel_safe(value)])
    for section in document.sections:
        writer.writerow([])
        writer.writerow([_excel_safe(section.title)])
        writer.writerow([_excel_safe(cell) for cell in section.header])
        for row in section.rows:
            writer.writerow([_excel_safe(cell) for cell in row])
        if section.total:
            writer.writerow([_excel_safe(cell) for cell in section.total])
    return "\ufeff".encode() + buffer.getvalue().encode()


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(document: Document, *, filename: str) -> HttpResponse:
    return attachment(
        csv_bytes(document), filename=filename, content_type="text/csv; charset=utf-8"
    )


def pdf_response(document: Document, *, filename: str) -> HttpResponse:
    return attachment(pdf_bytes(document), filename=filename, content_type="application/pdf")


@cache
def _fonts() -> None:
    import font_source_sans_pro

    folder = os.path.join(os.path.dirname(font_source_sans_pro.__file__), "files")
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "SourceSansPro-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, os.path.join(folder, "SourceSansPro-Bold.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    _fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12)
    return {
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        "head": ParagraphStyle("head", parent=body, fontName=FONT_BOLD, fontSize=8, leading=10),
        "issuer": ParagraphStyle("issuer", parent=body, fontName=FONT_BOLD, fontSize=12),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20),
        "section": ParagraphStyle(
            "section", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8
        ),
    }


def _table(section: Section, styles: dict[str, ParagraphStyle], width: float) -> Table:
    head = [Paragraph(escape(str(cell)), styles["head"]) for cell in section.header]
    body = [[Paragraph(escape(str(cell)), styles["cell"]) for cell in row] for row in section.rows]
    if section.total:
        body.append(
            [Paragraph(f"<b>{escape(str(cell))}</b>", styles["cell"]) for cell in section.total]
        )
    columns = max(len(section.header), 1)
    first = width * (0.28 if columns > 3 else 0.5)
    widths = [first] + [(width - first) / max(columns - 1, 1)] * (columns - 1)
    table = Table([head, *body], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf2")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def pdf_bytes(document: Document) -> bytes:
    styles = _styles()
    buffer = io.BytesIO()
    page = landscape(A4)
    margin = 12 * mm
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=document.title,
        author=document.issuer,
    )
    width = page[0] - 2 * margin
    story: list[object] = [
        Paragraph(escape(document.issuer), styles["issuer"]),
        Paragraph(escape(document.title), styles["title"]),
    ]
    if document.subtitle:
        story.append(Paragraph(escape(document.subtitle), styles["body"]))
    for label, value in document.facts:
        story.append(Paragraph(f"{escape(label)}: <b>{escape(value)}</b>", styles["body"]))
    for section in document.sections:
        story.append(Paragraph(escape(section.title), styles["section"]))
        if section.note:
            story.append(Paragraph(escape(section.note), styles["body"]))
        if section.rows or section.total:
            story.append(_table(section, styles, width))
        else:
            story.append(Paragraph(escape(_("Nicio înregistrare.")), styles["body"]))
        story.append(Spacer(1, 3 * mm))
    stamp = timezone.localtime()
    story.append(
        Paragraph(
            escape(
                _("Generat la %(when)s din platforma Ghișeu.") % {"when": f"{stamp:%d.%m.%Y %H:%M}"}
            ),
            styles["cell"],
        )
    )
    pdf.build(story)
    return buffer.getvalue()
