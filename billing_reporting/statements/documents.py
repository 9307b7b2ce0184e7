"""A statement as a document: the same lines in the PDF, the CSV and the page."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from billing_reporting.exports import Document, Section

from .models import Statement
from .selectors import statement_lines_of


def money(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True)


def statement_document(statement: Statement) -> Document:
    facts = [
        (_("Număr"), statement.number),
        (_("Beneficiar"), statement.uat_name),
        (_("Luna"), f"{statement.month:%m.%Y}"),
        (_("Emisă la"), f"{statement.issued_at:%d.%m.%Y}"),
        (
            _("Lista de prețuri"),
            _("valabilă din %(month)s") % {"month": f"{statement.price_list.valid_from:%m.%Y}"},
        ),
    ]
    if statement.corrects_id:
        facts.append((_("Corectează situația"), statement.corrects.number))  # type: ignore[union-attr]
        facts.append((_("Motivul corecției"), statement.reason))
    lines = statement_lines_of(statement)
    return Document(
        title=_("Situația lunară a serviciilor platformei Ghișeu"),
        issuer=_("Consiliul Județean %(county)s") % {"county": settings.GHISEU_COUNTY_NAME},
        facts=facts,
        sections=[
            Section(
                title=_("Servicii"),
                header=[
                    _("Serviciul"),
                    _("Cantitate"),
                    _("U.M."),
                    _("Preț unitar (lei)"),
                    _("Valoare (lei)"),
                ],
                rows=[
                    [
                        line.description,
                        number_format(line.quantity.normalize(), use_l10n=True),
                        line.unit,
                        number_format(line.unit_price.normalize(), use_l10n=True),
                        money(line.amount),
                    ]
                    for line in lines
                ],
                total=[_("Total"), "", "", "", money(statement.total)],
            )
        ],
    )
