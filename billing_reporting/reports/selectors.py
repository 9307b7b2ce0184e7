"""Statutory and management reports of a UAT for a period, built from the same aggregates as
the indicators page (the same Tally, the same columns), so their figures are the page's.

- Petitions (OG 27/2002): the services whose legal basis is OG 27/2002.
- Public information (Legea 544/2001, HG 123/2002): the services under Legea 544/2001.
- Management review (ISO 9001, 9.3): every service, against the previous period, with the
  satisfaction surveys and the nonconformity register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from billing_reporting.exports import Document, Section
from billing_reporting.indicators.figures import Tally
from billing_reporting.indicators.periods import Period
from billing_reporting.indicators.selectors import Indicators, uat_indicators
from billing_reporting.indicators.tables import (
    SATISFACTION_COLUMNS,
    indicator_tables,
    number_text,
    table_of,
    table_section,
)
from billing_reporting.quality.nonconformities.selectors import register_summary
from services_catalog.selectors import catalog_legal_bases

FAMILIES = {"petitii": "27/2002", "informatii-publice": "544/2001"}


def family_services(family: str) -> set[str]:
    """The catalog services a statutory report covers, by their legal basis."""
    marker = FAMILIES[family]
    return {code for code, basis in catalog_legal_bases().items() if marker in basis}


def _sections(figures: Indicators, slugs: tuple[str, ...]) -> list[Section]:
    return [table_section(table) for table in indicator_tables(figures) if table.slug in slugs]


def _synthesis(total: Tally, lines: list[tuple[str, int | float | None, int]]) -> Section:
    return Section(
        title=_("Sinteză"),
        header=[_("Indicator"), _("Valoare")],
        rows=[[label, number_text(value, decimals)] for label, value, decimals in lines],
    )


@dataclass(frozen=True)
class ReportContext:
    schema: str
    issuer: str
    period: Period
    today: date


def petitions_report(context: ReportContext) -> Document:
    figures = uat_indicators(
        schema=context.schema, period=context.period, service_codes=family_services("petitii")
    )
    total = figures.total
    synthesis = _synthesis(
        total,
        [
            (_("Petiții înregistrate"), total.received, 0),
            (_("Soluționate (cu răspuns)"), total.answered - total.refused, 0),
            (_("Respinse motivat"), total.refused, 0),
            (_("Redirecționate către instituția competentă"), total.forwarded, 0),
            (_("Clasate fără răspuns (anonime, repetate)"), total.filed, 0),
            (_("Soluționate în termenul legal"), total.answered_in_term, 0),
            (_("Soluționate în termen (%)"), total.in_term_share, 1),
            (_("Închise după termen"), total.closed_late, 0),
            (_("Cu termen prelungit"), total.extended, 0),
            (_("În lucru la data raportului"), total.still_open, 0),
            (_("Din care cu termenul depășit"), total.open_overdue, 0),
        ],
    )
    return Document(
        title=_("Raport privind activitatea de soluționare a petițiilor (OG 27/2002)"),
        issuer=context.issuer,
        subtitle=_("Perioada: %(period)s") % {"period": context.period},
        sections=[synthesis, *_sections(figures, ("servicii", "compartimente", "canale", "luni"))],
    )


def public_information_report(context: ReportContext) -> Document:
    figures = uat_indicators(
        schema=context.schema,
        period=context.period,
        service_codes=family_services("informatii-publice"),
    )
    total = figures.total
    complaints = register_summary(
        period=context.period, services=family_services("informatii-publice")
    )
    synthesis = _synthesis(
        total,
        [
            (_("Solicitări de informații de interes public înregistrate"), total.received, 0),
            (_("Soluționate favorabil"), total.answered - total.refused, 0),
            (_("Respinse (refuz motivat)"), total.refused, 0),
            (_("Redirecționate către alte instituții"), total.forwarded, 0),
            (_("Soluționate în termenul legal"), total.answered_in_term, 0),
            (_("Cu termen prelungit (art. 7 alin. 1)"), total.extended, 0),
            (_("În lucru la data raportului"), total.still_open, 0),
            (
                _("Reclamații ale solicitanților"),
                complaints.opened_by_source.get("complaint", 0),
                0,
            ),
        ],
    )
    return Document(
        title=_("Raport de evaluare a implementării Legii 544/2001 (HG 123/2002)"),
        issuer=context.issuer,
        subtitle=_("Perioada: %(period)s") % {"period": context.period},
        sections=[
            synthesis,
            *_sections(figures, ("servicii", "canale", "compartimente", "luni")),
        ],
        facts=[
            (_("Solicitanți"), _("persoane fizice, prin formularele portalului și la registratură"))
        ],
    )


def _change(current: float | int | None, previous: float | int | None, decimals: int) -> str:
    if current is None or previous is None:
        return "—"
    delta = current - previous
    text = number_text(abs(delta), decimals)
    return f"+{text}" if delta > 0 else (f"−{text}" if delta < 0 else "0")


def management_review(context: ReportContext) -> Document:
    current = uat_indicators(schema=context.schema, period=context.period, today=context.today)
    previous_period = context.period.previous()
    previous = uat_indicators(schema=context.schema, period=previous_period, today=context.today)
    now, before = current.total, previous.total
    measures: list[tuple[str, int | float | None, int | float | None, int]] = [
        (_("Cereri primite"), now.received, before.received, 0),
        (_("Soluționate"), now.answered, before.answered, 0),
        (_("Soluționate în termen (%)"), now.in_term_share, before.in_term_share, 1),
        (_("Timp median de răspuns (zile lucrătoare)"), now.median_days, before.median_days, 0),
        (_("P90 (zile lucrătoare)"), now.p90_days, before.p90_days, 0),
        (_("Închise după termen"), now.closed_late, before.closed_late, 0),
        (_("Prelungite"), now.extended, before.extended, 0),
        (_("Redirecționate"), now.forwarded, before.forwarded, 0),
        (_("Respinse"), now.refused, before.refused, 0),
        (_("Rata de răspuns la chestionare (%)"), now.response_rate, before.response_rate, 1),
        (_("Nota medie a cetățenilor (1-5)"), now.satisfaction, before.satisfaction, 2),
        (_("Mulțumiți, nota 4-5 (%)"), now.satisfied_share, before.satisfied_share, 1),
    ]
    trend = Section(
        title=_("Indicatori: perioada curentă față de cea anterioară"),
        header=[_("Indicator"), str(previous_period), str(context.period), _("Diferența")],
        rows=[
            [label, number_text(old, d), number_text(new, d), _change(new, old, d)]
            for label, new, old, d in measures
        ],
        note=_("Deschise după termen acum: %(count)s.") % {"count": now.open_overdue},
    )
    register = register_summary(period=context.period, services=None)
    sources = {
        "deadline": _("termen depășit"),
        "complaint": _("reclamații"),
        "manual": _("constatări interne"),
    }
    nonconformities = Section(
        title=_("Neconformități și acțiuni corective (ISO 9001, 10.2)"),
        header=[_("Indicator"), _("Valoare")],
        rows=[
            *[
                [
                    _("Deschise în perioadă: %(source)s") % {"source": label},
                    number_text(register.opened_by_source.get(key, 0)),
                ]
                for key, label in sources.items()
            ],
            [_("Închise în perioadă"), number_text(register.closed)],
            [_("Deschise la data raportului"), number_text(register.open_now)],
            [_("Acțiuni corective cu termenul depășit"), number_text(register.actions_overdue)],
        ],
    )
    services = table_of("servicii", _("Pe servicii"), _("Serviciul"), current.services, now)
    satisfaction = table_of(
        "satisfactie",
        _("Satisfacția cetățenilor (ISO 9001, 9.1.2), pe compartimente"),
        _("Compartimentul"),
        [row for row in current.departments if row.tally.surveys_sent],
        now,
        SATISFACTION_COLUMNS,
    )
    return Document(
        title=_("Analiza efectuată de management (ISO 9001, 9.3): date de intrare"),
        issuer=context.issuer,
        subtitle=_("Perioada: %(period)s, comparată cu %(previous)s")
        % {"period": context.period, "previous": previous_period},
        sections=[
            trend,
            nonconformities,
            table_section(services),
            table_section(satisfaction),
        ],
    )


REPORTS = {
    "petitii": (petitions_report, "raport-petitii"),
    "informatii-publice": (public_information_report, "raport-544"),
    "analiza-management": (management_review, "analiza-management"),
}


def report_document(*, kind: str, schema: str, issuer: str, period: Period) -> Document:
    build, _name = REPORTS[kind]
    return build(
        ReportContext(schema=schema, issuer=issuer, period=period, today=timezone.localdate())
    )
