"""The 10-working-day rule (OUG 57/2019 art. 197 alin. 1): decisions and dispositions are
communicated to the prefect within 10 working days of their adoption or issue. The term is
counted on the Romanian working-day calendar of the registry (weekends and public holidays,
Orthodox Easter included, do not count; the day of adoption does not count)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from website.documents import due_date, is_working_day

from .models import PREFECT_SECTIONS, Act

PREFECT_WORKING_DAYS = 10
REMIND_WORKING_DAYS_BEFORE = 2


def prefect_due_for(*, section: str, adopted_on: date) -> date | None:
    if section not in PREFECT_SECTIONS:
        return None
    return due_date(adopted_on, days=PREFECT_WORKING_DAYS, unit="working")


def remind_from(due: date) -> date:
    """The first day a reminder goes out: ``REMIND_WORKING_DAYS_BEFORE`` working days before."""
    day, counted = due, 0
    while counted < REMIND_WORKING_DAYS_BEFORE:
        day -= timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def remind_due_until(today: date) -> date:
    """The last due date whose reminder belongs to ``today``."""
    day, counted = today, 0
    while counted < REMIND_WORKING_DAYS_BEFORE:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


@dataclass(frozen=True)
class PrefectState:
    code: str  # "", "communicated", "late", "pending", "due_soon", "overdue"
    label: str
    due: date | None
    communicated_on: date | None

    @property
    def is_flagged(self) -> bool:
        return self.code in {"overdue", "late"}


LABELS = {
    "communicated": _("comunicat prefectului în termen"),
    "late": _("comunicat prefectului după termen"),
    "pending": _("de comunicat prefectului"),
    "due_soon": _("de comunicat prefectului: termenul e aproape"),
    "overdue": _("necomunicat prefectului: termen depășit"),
}


def prefect_state(*, due: date | None, communicated_on: date | None, today: date) -> PrefectState:
    """The act's state against its term, in words a secretary and a prefecture read alike."""
    if due is None:
        return PrefectState("", "", None, communicated_on)
    if communicated_on is not None:
        code = "communicated" if communicated_on <= due else "late"
    elif today > due:
        code = "overdue"
    elif today >= remind_from(due):
        code = "due_soon"
    else:
        code = "pending"
    return PrefectState(code, str(LABELS[code]), due, communicated_on)


def act_prefect_state(act: Act, *, today: date) -> PrefectState:
    return prefect_state(due=act.prefect_due, communicated_on=act.communicated_on, today=today)
