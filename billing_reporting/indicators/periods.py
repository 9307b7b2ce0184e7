"""The period every indicator, report and chart is asked for: whole months, from one month to
another (statutory reports, ISO reviews and statements all count in months)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_MONTHS = 36
FIRST_YEAR = 1990
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    first: date  # the first day of the first month
    last: date  # the first day of the last month

    @property
    def months(self) -> list[date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month
        return [add_months(self.first, n) for n in range(count + 1)]

    @property
    def last_day(self) -> date:
        return add_months(self.last, 1) - timedelta(days=1)

    def previous(self) -> Period:
        """The period of the same length just before (for trends)."""
        length = len(self.months)
        return Period(add_months(self.first, -length), add_months(self.first, -1))

    def query(self) -> str:
        return f"de_la={self.first:%Y-%m}&pana_la={self.last:%Y-%m}"

    def __str__(self) -> str:
        if self.first == self.last:
            return f"{self.first:%m.%Y}"
        return f"{self.first:%m.%Y} – {self.last:%m.%Y}"


def last_months(count: int = 12, *, today: date | None = None) -> Period:
    this_month = (today or timezone.localdate()).replace(day=1)
    return Period(add_months(this_month, 1 - count), this_month)


def parse_month(value: str) -> date | None:
    match = _MONTH.match((value or "").strip())
    # Year 0000 is well-formed but no date (and no month anyone means).
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


class MonthInput(forms.TextInput):
    input_type = "month"


class PeriodForm(forms.Form):
    """Read from the query string; an empty one means the last 12 months."""

    de_la = forms.CharField(
        label=_("De la luna"),
        required=False,
        widget=MonthInput(attrs={"placeholder": "2026-01"}),
        help_text=_("an-lună, de exemplu 2026-01"),
    )
    pana_la = forms.CharField(
        label=_("Până la luna"),
        required=False,
        widget=MonthInput(attrs={"placeholder": "2026-12"}),
        help_text=_("an-lună, de exemplu 2026-12"),
    )

    def _month_field(self, name: str) -> date | None:
        raw = self.cleaned_data.get(name) or ""
        if not raw:
            return None
        month = parse_month(raw)
        if month is None:
            raise forms.ValidationError(_("Scrieți luna ca an-lună, de exemplu 2026-03."))
        next_year = timezone.localdate().year + 1
        if not FIRST_YEAR <= month.year <= next_year:
            raise forms.ValidationError(
                _("Alegeți o lună între 1990 și %(year)s.") % {"year": next_year}
            )
        return month

    def clean_de_la(self) -> date | None:
        return self._month_field("de_la")

    def clean_pana_la(self) -> date | None:
        return self._month_field("pana_la")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if self.errors:
            return data
        default = last_months()
        chosen_first: date | None = data.get("de_la")
        chosen_last: date | None = data.get("pana_la")
        if chosen_first is None and chosen_last is None:
            first, last = default.first, default.last
        elif chosen_first is None:
            last = chosen_last or default.last
            first = add_months(last, -11)
        else:
            first = chosen_first
            last = chosen_last or min(add_months(first, 11), default.last)
        if first > last:
            raise forms.ValidationError(_("Luna de început este după luna de sfârșit."))
        period = Period(first, last)
        if len(period.months) > MAX_MONTHS:
            raise forms.ValidationError(
                _("Perioada are cel mult %(months)s de luni.") % {"months": MAX_MONTHS}
            )
        data["period"] = period
        # An empty field shows the month it stands for (the inputs are not left blank beside
        # "Perioada: 01.2026 – 12.2026").
        shown = {name: self.data.get(name) for name in self.fields}
        for name, month in (("de_la", first), ("pana_la", last)):
            if not shown[name]:
                shown[name] = f"{month:%Y-%m}"
        self.data = shown
        return data

    @property
    def period(self) -> Period:
        return self.cleaned_data["period"]


def period_form(query: Any) -> PeriodForm:
    """The form bound to the request's query string (bound even when empty, so an empty query
    gives the default period)."""
    return PeriodForm(query or {})
