"""The registration receipt (recipisă): a one-page PDF the citizen can keep or print.

Drawn with reportlab in Source Sans Pro, shipped as a wheel: a fresh machine has no system fonts,
and the fonts reportlab ships (Vera) have no ș or ț. Everything the citizen typed is escaped
before it reaches reportlab's paragraph markup, so a name like ``<b>`` prints as typed.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
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
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate, Spacer, Table

from .models import Case, Document

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


class _QrCode(Flowable):
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


def _styles() -> dict[str, ParagraphStyle]:
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


def _text(value: object) -> str:
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


def receipt_pdf(
    *, case: Case, documents: list[Document], issuer: Issuer, service_title: str, tracking_url: str
) -> bytes:
    styles = _styles()
    entry = case.entry
    registered = timezone.localtime(entry.registered_at)
    header_text = Paragraph(
        "<br/>".join(
            [f'<font name="{FONT_BOLD}" size="13">{_text(issuer.name)}</font>']
            + [_text(line) for line in (issuer.address, issuer.contact) if line]
        ),
        styles["body"],
    )
    arms = _coat_of_arms(issuer.coat_of_arms_key)
    header = Table(
        [[arms, header_text] if arms else [header_text]],
        colWidths=[ARMS_HEIGHT + 4 * mm, None] if arms else [None],
        style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )
    facts = [
        (_("Număr de înregistrare"), entry.display_number),
        (_("Data și ora înregistrării"), f"{registered:%d.%m.%Y %H:%M}"),
        (_("Serviciul"), service_title),
        (_("Solicitant"), case.citizen_name),
        (_("Termen legal de răspuns"), f"{case.due_date:%d.%m.%Y}"),
    ]
    facts_table = Table(
        [
            [Paragraph(_text(label), styles["label"]), Paragraph(_text(value), styles["value"])]
            for label, value in facts
        ],
        colWidths=[52 * mm, None],
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ],
    )
    story: list[Flowable] = [
        header,
        Spacer(1, 6 * mm),
        Paragraph(_text(_("Recipisă de înregistrare")), styles["title"]),
        Paragraph(
            _text(_("Cererea dvs. a fost înregistrată online. Păstrați acest document.")),
            styles["body"],
        ),
        Spacer(1, 4 * mm),
        facts_table,
        Spacer(1, 5 * mm),
    ]
    if documents:
        story.append(Paragraph(_text(_("Documente anexate")), styles["value"]))
        for document in documents:
            size = filesizeformat(document.size)
            story.append(Paragraph(f"{_text(document.name)} ({_text(size)})", styles["body"]))
            story.append(Paragraph(f"SHA-256: {document.sha256}", styles["hash"]))
        story.append(Spacer(1, 5 * mm))
    tracking = Paragraph(
        _text(_("Urmăriți cererea scanând codul sau la adresa:"))
        + f'<br/><font size="8.5">{_text(tracking_url)}</font>',
        styles["body"],
    )
    story.append(
        Table(
            [[_QrCode(tracking_url), tracking]],
            colWidths=[QR_SIZE + 6 * mm, None],
            style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
        )
    )
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(
            _text(
                _(
                    "Termenul se socotește de la data înregistrării, fără ziua înregistrării; "
                    "dacă se încheie într-o zi nelucrătoare, se mută în prima zi lucrătoare. "
                    "Document generat electronic, valabil fără semnătură și ștampilă."
                )
            ),
            styles["small"],
        )
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{_('Recipisă')} {entry.display_number}",
        author=issuer.name,
        lang="ro",
    )
    document.build(story)
    return buffer.getvalue()
