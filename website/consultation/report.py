"""The yearly report on decisional transparency (Legea 52/2003 art. 13), as figures and as a
PDF on the UAT's letterhead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from website.documents import issuer_of
from website.pdfs import letterhead_pdf

from .models import AnswerStatus, Consultation, Recommendation


@dataclass(frozen=True)
class YearFigures:
    year: int
    drafts_published: int
    drafts_adopted: int
    recommendations_received: int
    recommendations_accepted: int
    debates: int
    debate_participants: int
    lawsuits: int


def year_figures(*, year: int) -> YearFigures:
    drafts = Consultation.objects.filter(published_at__isnull=False, announced_on__year=year)
    draft_totals = drafts.aggregate(
        published=Count("id"),
        adopted=Count("id", filter=Q(adopted_act__isnull=False)),
        debates=Count("id", filter=Q(debate_on__isnull=False)),
        participants=Sum("debate_participants"),
        lawsuits=Sum("lawsuits"),
    )
    received = Recommendation.objects.filter(
        consultation__published_at__isnull=False, received_at__year=year
    ).aggregate(
        total=Count("id"),
        accepted=Count("id", filter=Q(status__in=[AnswerStatus.ACCEPTED, AnswerStatus.PARTIAL])),
    )
    return YearFigures(
        year=year,
        drafts_published=draft_totals["published"] or 0,
        drafts_adopted=draft_totals["adopted"] or 0,
        recommendations_received=received["total"] or 0,
        recommendations_accepted=received["accepted"] or 0,
        debates=draft_totals["debates"] or 0,
        debate_participants=draft_totals["participants"] or 0,
        lawsuits=draft_totals["lawsuits"] or 0,
    )


def figure_rows(figures: YearFigures) -> list[tuple[str, int]]:
    return [
        (_("Proiecte de acte normative publicate spre consultare"), figures.drafts_published),
        (_("Proiecte de acte normative adoptate"), figures.drafts_adopted),
        (_("Recomandări primite"), figures.recommendations_received),
        (
            _("Recomandări incluse în proiecte (acceptate total sau parțial)"),
            figures.recommendations_accepted,
        ),
        (_("Dezbateri publice organizate"), figures.debates),
        (_("Participanți la dezbaterile publice"), figures.debate_participants),
        (_("Acțiuni în justiție pentru nerespectarea Legii 52/2003"), figures.lawsuits),
    ]


def year_report_pdf(*, uat: Any, year: int) -> bytes:
    figures = year_figures(year=year)
    return letterhead_pdf(
        issuer=issuer_of(uat),
        title=_("Raport anual privind transparența decizională — %(year)s") % {"year": year},
        paragraphs=[
            _(
                "Întocmit potrivit art. 13 din Legea nr. 52/2003 privind transparența "
                "decizională în administrația publică, pentru anul %(year)s."
            )
            % {"year": year},
        ],
        table=[(label, str(value)) for label, value in figure_rows(figures)],
        signatory=_("Secretar general"),
    )
