"""The registry book of a period as CSV (for Excel) and as PDF (to print and sign).

Both read the rows with a server-side cursor in chunks, so a year of 100,000+ lines never sits
in memory: the CSV is streamed line by line, the PDF is laid out a few hundred rows at a time
into a temporary file.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dms.documents.letterhead.base import FONT, FONT_BOLD, Issuer, styles, text
from dms.models import Channel, Direction, RegistryEntry
from dms.registry.selectors import BOOK_FIELDS
from ghiseu.ops.text import bidi_neutral_cells

CHUNK_ROWS = 2000
PDF_TABLE_ROWS = 200  # rows per table: splitting one huge table across pages is quadratic
PDF_FONT_SIZE = 7
# The book's columns as registry_page_entries reads them (BOOK_FIELDS, declared once), the
# year left out and the linked entry read as its number and year.
_VALUES = tuple(
    value
    for name in BOOK_FIELDS
    if name != "year"
    for value in (
        ("linked_entry__number", "linked_entry__year") if name == "linked_entry" else (name,)
    )
)


def book_header() -> list[str]:
    return [
        _("număr"),
        _("data înregistrării"),
        _("direcție"),
        _("mod de primire"),
        _("nr. și data documentului emitentului"),
        _("emitent"),
        _("conținut pe scurt"),
        _("nr. file"),
        _("anexe"),
        _("compartiment"),
        _("rezoluție"),
        _("data expedierii"),
        _("destinatar"),
        _("nr. de conexare"),
        _("indicativ dosar"),
    ]


def _day(value: date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else ""


def book_rows(entries: QuerySet[RegistryEntry]) -> Iterator[list[str]]:
    """The lines of the book in registration order, as text, read in chunks (without the
    bidirectional controls a sender's text may carry: see ghiseu.ops.text)."""
    directions = {key: str(label) for key, label in Direction.choices}
    channels = {key: str(label) for key, label in Channel.choices}
    rows = (
        entries.order_by("registered_at", "number")
        .values_list(*_VALUES)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    for (
        number,
        registered_at,
        direction,
        channel,
        sender_reference,
        sender_date,
        sender_name,
        summary,
        pages,
        annexes,
        department,
        resolution,
        dispatch_date,
        recipient,
        linked_number,
        linked_year,
        file_code,
    ) in rows:
        registered: datetime = timezone.localtime(registered_at)
        yield bidi_neutral_cells(
            [
                str(number),
                _day(registered.date()),
                directions.get(direction, direction),
                channels.get(channel, channel),
                " / ".join(part for part in (sender_reference, _day(sender_date)) if part),
                sender_name,
                summary,
                str(pages),
                str(annexes),
                department,
                resolution,
                _day(dispatch_date),
                recipient,
                f"{linked_number}/{linked_year}" if linked_number else "",
                file_code,
            ]
        )


class _Echo:
    """A file-like object that hands back what csv.writer writes, for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_lines(entries: QuerySet[RegistryEntry]) -> Iterator[bytes]:
    """UTF-8 with a BOM (Excel otherwise reads ș as mojibake) and ";" (what Excel expects
    with Romanian regional settings). Text is written exactly as stored: cedilla and comma
    forms are not normalised."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff".encode() + writer.writerow(book_header()).encode()
    batch: list[str] = []
    for row in book_rows(entries):
        batch.append(writer.writerow([_excel_safe(cell) for cell in row]))
        if len(batch) >= 200:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def _excel_safe(cell: str) -> str:
    # A typed "=HYPERLINK(...)" must stay text in Excel, not become a formula.
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


# PDF --------------------------------------------------------------------------------------------

_WIDTHS_MM = (12, 16, 12, 17, 22, 26, 46, 9, 9, 22, 24, 16, 22, 14, 10)  # 277 mm, landscape A4
_WIDTHS = [w * mm for w in _WIDTHS_MM]
_MARGIN = 10 * mm
_PAD = 1.5


def _wrap(value: str, width: float, font: str = FONT) -> str:
    lines: list[str] = []
    for paragraph in value.splitlines() or [""]:
        lines += simpleSplit(paragraph, font, PDF_FONT_SIZE, width - 2 * _PAD) or [""]
    return "\n".join(lines)


def _table(rows: list[list[str]], *, header: bool = False) -> Table:
    table = Table(rows, colWidths=_WIDTHS)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_BOLD if header else FONT, PDF_FONT_SIZE),
                ("LEADING", (0, 0), (-1, -1), PDF_FONT_SIZE + 1.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#777777")),
                ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
                ("TOPPADDING", (0, 0), (-1, -1), _PAD),
                ("BOTTOMPADDING", (0, 0), (-1, -1), _PAD),
                *([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#e6e6e6"))] if header else []),
            ]
        )
    )
    return table


def _tables(rows: Iterable[list[str]]) -> Iterator[Flowable]:
    chunk: list[list[str]] = []
    for row in rows:
        chunk.append([_wrap(cell, width) for cell, width in zip(row, _WIDTHS, strict=True)])
        if len(chunk) >= PDF_TABLE_ROWS:
            yield _table(chunk)
            chunk = []
    if chunk:
        yield _table(chunk)


class _Story(list[Flowable]):
    """A story reportlab consumes from the front (it pops each flowable it lays out), refilled
    from a generator when it runs dry: only a few tables are ever in memory."""

    def __init__(self, head: list[Flowable], tail: Iterator[Flowable]) -> None:
        super().__init__(head)
        self._tail = tail

    def __len__(self) -> int:
        if not super().__len__():
            following = next(self._tail, None)
            if following is not None:
                self.append(following)
        return super().__len__()


def book_pdf(
    entries: QuerySet[RegistryEntry],
    *,
    issuer: Issuer,
    start: date,
    end: date,
    output: IO[bytes] | None = None,
) -> IO[bytes]:
    """Lay the book out on landscape A4: the UAT's name, the period, one table whose header
    row is drawn on every page, and page numbers. Written to ``output`` (a temporary file by
    default), returned rewound."""
    style = styles()
    header = _table(
        [[_wrap(h, w, FONT_BOLD) for h, w in zip(book_header(), _WIDTHS, strict=True)]],
        header=True,
    )
    page_width, page_height = landscape(A4)
    _w, header_height = header.wrap(page_width - 2 * _MARGIN, page_height)
    title = _("Registrul de intrare-ieșire, %(start)s – %(end)s") % {
        "start": _day(start),
        "end": _day(end),
    }
    printed = _("Tipărit la %(when)s") % {"when": f"{timezone.localtime():%d.%m.%Y %H:%M}"}

    def decorate(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        header.drawOn(canvas, _MARGIN, page_height - _MARGIN - 14 * mm - header_height)
        canvas.setFont(FONT, 8)
        canvas.drawString(_MARGIN, page_height - _MARGIN - 4 * mm, issuer.name)
        canvas.drawString(_MARGIN, page_height - _MARGIN - 9 * mm, title)
        canvas.drawString(_MARGIN, _MARGIN - 4 * mm, printed)
        canvas.drawRightString(
            page_width - _MARGIN,
            _MARGIN - 4 * mm,
            _("Pagina %(page)s") % {"page": doc.page},
        )
        canvas.restoreState()

    output = output or tempfile.SpooledTemporaryFile(max_size=8 * 1_048_576)
    rows = book_rows(entries)
    first = next(rows, None)
    if first is None:
        head: list[Flowable] = [
            Spacer(1, 2 * mm),
            Paragraph(text(_("Nicio înregistrare în această perioadă.")), style["body"]),
        ]
        tail: Iterator[Flowable] = iter(())
    else:
        head, tail = [], _tables(_prepend(first, rows))
    SimpleDocTemplate(
        output,
        pagesize=(page_width, page_height),
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN + 14 * mm + header_height,
        bottomMargin=_MARGIN,
        title=title,
        author=issuer.name,
    ).build(_Story(head, tail), onFirstPage=decorate, onLaterPages=decorate)
    output.seek(0)
    return output


def _prepend(first: list[str], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rest


__all__ = ["book_header", "book_pdf", "book_rows", "csv_lines"]
