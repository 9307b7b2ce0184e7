"""The registration receipt (recipisă): a one-page PDF the citizen can keep or print."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from dms.documents.letterhead.base import (
    QR_SIZE,
    Issuer,
    QrCode,
    a4_pdf,
    issuer_of,
    letterhead,
    styles,
    text,
)
from dms.models import Case, Document

__all__ = ["issuer_of", "receipt_pdf"]


def _fee_facts(case: Case) -> list[tuple[object, str]]:
    """The fee and its payment, as the case knows them."""
    if case.fee_amount is None:
        return []
    amount = f"{case.fee_amount:.2f}".replace(".", ",") + " lei"
    state = case.get_fee_state_display() or ""
    reference = f" — {_('referința')} {case.fee_reference}" if case.fee_reference else ""
    return [(_("Taxa"), f"{amount}, {state}{reference}")]


def _identity_facts(case: Case) -> list[tuple[object, str]]:
    if not case.identity_provider:
        return []
    level = f" ({case.assurance_level})" if case.assurance_level else ""
    return [(_("Identitatea solicitantului"), f"{_('dovedită cu e-ID')}{level}")]


def receipt_pdf(
    *, case: Case, documents: list[Document], issuer: Issuer, service_title: str, tracking_url: str
) -> bytes:
    style = styles()
    entry = case.entry
    registered = timezone.localtime(entry.registered_at)
    header = letterhead(issuer)
    facts = [
        (_("Număr de înregistrare"), entry.display_number),
        (_("Data și ora înregistrării"), f"{registered:%d.%m.%Y %H:%M}"),
        (_("Serviciul"), service_title),
        (_("Solicitant"), case.citizen_name),
        (_("Termen legal de răspuns"), f"{case.due_date:%d.%m.%Y}"),
        *_fee_facts(case),
        *_identity_facts(case),
    ]
    facts_table = Table(
        [
            [Paragraph(text(label), style["label"]), Paragraph(text(value), style["value"])]
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
        Paragraph(text(_("Recipisă de înregistrare")), style["title"]),
        Paragraph(
            text(_("Cererea dvs. a fost înregistrată online. Păstrați acest document.")),
            style["body"],
        ),
        Spacer(1, 4 * mm),
        facts_table,
        Spacer(1, 5 * mm),
    ]
    if documents:
        story.append(Paragraph(text(_("Documente anexate")), style["value"]))
        for document in documents:
            size = filesizeformat(document.size)
            story.append(Paragraph(f"{text(document.name)} ({text(size)})", style["body"]))
            story.append(Paragraph(f"SHA-256: {document.sha256}", style["hash"]))
        story.append(Spacer(1, 5 * mm))
    tracking = Paragraph(
        text(_("Urmăriți cererea scanând codul sau la adresa:"))
        + f'<br/><font size="8.5">{text(tracking_url)}</font>',
        style["body"],
    )
    story.append(
        Table(
            [[QrCode(tracking_url), tracking]],
            colWidths=[QR_SIZE + 6 * mm, None],
            style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
        )
    )
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(
            text(
                _(
                    "Termenul se socotește de la data înregistrării, fără ziua înregistrării; "
                    "dacă se încheie într-o zi nelucrătoare, se mută în prima zi lucrătoare. "
                    "Document generat electronic, valabil fără semnătură și ștampilă."
                )
            ),
            style["small"],
        )
    )
    return a4_pdf(
        story,
        title=f"{_('Recipisă')} {entry.display_number}",
        author=issuer.name,
        side_margin=20 * mm,
        lang="ro",
    )
