"""What every PDF the registry issues shares: the font, the styles, the UAT's letterhead.

Source Sans Pro comes as a wheel: a fresh machine has no system fonts, and the fonts reportlab
ships (Vera) have no ș or ț. Everything a person typed is escaped with ``text`` before it
reaches reportlab's paragraph markup, so a name like ``<b>`` prints as typed.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from django.core.files.storage import default_storage
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate, Table

# reportlab's TrueType subsetting is not thread-safe: two threads building a PDF with the same
# font at once fail with an IndexError (the demo's gthread workers, a site's concurrent
# registrations). Every PDF is built under this lock; a build takes milliseconds.
_BUILDING = threading.Lock()

FONT = "GhiseuSans"
FONT_BOLD = "GhiseuSans-Bold"
QR_SIZE = 34 * mm
ARMS_HEIGHT = 22 * mm


@cache
def _fonts() -> None:
    import font_source_sans_pro

    folder = os.path.join(os.path.dirname(font_source_sans_pro.__file__), "files")
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "SourceSansPro-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, os.path.join(folder, "SourceSansPro-Bold.ttf")))


@dataclass(frozen=True)
class Issuer:
    """The UAT as the receipt names it."""

    name: str
    address: str
    contact: str
    coat_of_arms_key: str  # a storage key, or "" when the UAT has none


def issuer_of(uat: object) -> Issuer:
    contact = " · ".join(
        part
        for part in (getattr(uat, "contact_phone", ""), getattr(uat, "contact_email", ""))
        if part
    )
    arms = getattr(uat, "coat_of_arms", None)
    return Issuer(
        name=str(getattr(uat, "official_name", "")),
        address=str(getattr(uat, "address", "")),
        contact=contact,
        coat_of_arms_key=str(arms.name) if arms else "",
    )


class QrCode(Flowable):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.width = self.height = QR_SIZE

    def draw(self) -> None:
        widget = QrCodeWidget(self.url, barLevel="M")
        left, bottom, right, top = widget.getBounds()
        drawing = Drawing(
            QR_SIZE,
            QR_SIZE,
            transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0],
        )
        drawing.add(widget)
        renderPDF.draw(drawing, self.canv, 0, 0)


def styles() -> dict[str, ParagraphStyle]:
    _fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        "issuer": ParagraphStyle(
            "issuer", parent=body, fontName=FONT_BOLD, fontSize=13, leading=16
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=17, leading=22, spaceBefore=6
        ),
        "label": ParagraphStyle("label", parent=body, textColor=colors.HexColor("#444444")),
        "value": ParagraphStyle("value", parent=body, fontName=FONT_BOLD),
        "hash": ParagraphStyle("hash", parent=body, fontName="Courier", fontSize=7.5, leading=9),
    }


def text(value: object) -> str:
    return escape(str(value))


def _coat_of_arms(key: str) -> Image | None:
    if not key:
        return None
    try:
        with default_storage.open(key, "rb") as handle:
            content = handle.read()
        width, height = ImageReader(io.BytesIO(content)).getSize()
    except (OSError, ValueError):
        return None  # a receipt without the arms beats no receipt
    return Image(io.BytesIO(content), width=ARMS_HEIGHT * width / height, height=ARMS_HEIGHT)


def letterhead(issuer: Issuer) -> Table:
    """The coat of arms beside the UAT's name, address and contacts."""
    header_text = Paragraph(
        "<br/>".join(
            [f'<font name="{FONT_BOLD}" size="13">{text(issuer.name)}</font>']
            + [text(line) for line in (issuer.address, issuer.contact) if line]
        ),
        styles()["body"],
    )
    arms = _coat_of_arms(issuer.coat_of_arms_key)
    return Table(
        [[arms, header_text] if arms else [header_text]],
        colWidths=[ARMS_HEIGHT + 4 * mm, None] if arms else [None],
        style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )


def a4_pdf(
    story: Sequence[Flowable],
    *,
    title: str,
    author: str,
    side_margin: float = 22 * mm,
    lang: str = "",
) -> bytes:
    """The PDF of ``story`` on A4 with the letterhead's margins."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=side_margin,
        rightMargin=side_margin,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=author,
        **({"lang": lang} if lang else {}),
    )
    with _BUILDING:
        document.build(list(story))
    return buffer.getvalue()
