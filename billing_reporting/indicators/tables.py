"""The indicator tables, declared once: the page, the CSV and the PDF print the same columns
with the same figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from billing_reporting.exports import Section

from .figures import Tally
from .selectors import Indicators, Row


def number_text(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return number_format(value, decimal_pos=decimals, use_l10n=True)


@dataclass(frozen=True)
class Column:
    label: object
    value: Callable[[Tally], float | int | None]
    decimals: int = 0

    def text(self, tally: Tally) -> str:
        return number_text(self.value(tally), self.decimals)


INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column(_("Primite"), lambda t: t.received),
    Column(_("Soluționate"), lambda t: t.answered),
    Column(_("În termen (%)"), lambda t: t.in_term_share, 1),
    Column(_("Mediană (zile lucrătoare)"), lambda t: t.median_days),
    Column(_("P90 (zile lucrătoare)"), lambda t: t.p90_days),
    Column(_("Deschise după termen, acum"), lambda t: t.open_overdue),
    Column(_("Prelungite"), lambda t: t.extended),
    Column(_("Redirecționate"), lambda t: t.forwarded),
    Column(_("Respinse"), lambda t: t.refused),
)
SATISFACTION_COLUMNS: tuple[Column, ...] = (
    Column(_("Chestionare trimise"), lambda t: t.surveys_sent),
    Column(_("Răspunsuri"), lambda t: t.surveys_answered),
    Column(_("Rata de răspuns (%)"), lambda t: t.response_rate, 1),
    Column(_("Nota medie (1-5)"), lambda t: t.satisfaction, 2),
    Column(_("Mulțumiți, nota 4-5 (%)"), lambda t: t.satisfied_share, 1),
    Column(_("Note 1-2"), lambda t: t.score_low),
)


@dataclass(frozen=True)
class Table:
    slug: str
    caption: object
    first_column: object
    columns: Sequence[Column]
    rows: Sequence[tuple[str, list[str]]]
    total: list[str]

    @property
    def header(self) -> list[str]:
        return [str(self.first_column), *(str(c.label) for c in self.columns)]


def table_section(table: Table) -> Section:
    """The table as a section of a CSV or PDF document, with its total."""
    return Section(
        title=str(table.caption),
        header=table.header,
        rows=[[label, *values] for label, values in table.rows],
        total=[str(_("Total")), *table.total],
    )


def table_of(
    slug: str,
    caption: object,
    first: object,
    rows: Sequence[Row],
    total: Tally,
    columns: Sequence[Column] = INDICATOR_COLUMNS,
) -> Table:
    return Table(
        slug=slug,
        caption=caption,
        first_column=first,
        columns=columns,
        rows=[(row.label, [c.text(row.tally) for c in columns]) for row in rows],
        total=[c.text(total) for c in columns],
    )


def indicator_tables(figures: Indicators) -> list[Table]:
    answered = [row for row in figures.services if row.tally.surveys_sent]
    departments = [row for row in figures.departments if row.tally.surveys_sent]
    return [
        table_of(
            "luni", _("Pe luni (după luna înregistrării)"), _("Luna"), figures.months, figures.total
        ),
        table_of("servicii", _("Pe servicii"), _("Serviciul"), figures.services, figures.total),
        table_of(
            "compartimente",
            _("Pe compartimente"),
            _("Compartimentul"),
            figures.departments,
            figures.total,
        ),
        table_of(
            "canale", _("Pe canale de depunere"), _("Canalul"), figures.channels, figures.total
        ),
        table_of(
            "satisfactie-servicii",
            _("Satisfacția cetățenilor, pe servicii"),
            _("Serviciul"),
            answered,
            figures.total,
            SATISFACTION_COLUMNS,
        ),
        table_of(
            "satisfactie-compartimente",
            _("Satisfacția cetățenilor, pe compartimente"),
            _("Compartimentul"),
            departments,
            figures.total,
            SATISFACTION_COLUMNS,
        ),
    ]
