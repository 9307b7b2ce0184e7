"""Legal terms on the Romanian calendar.

The day of registration does not count; a term in working days skips weekends and public
holidays (Orthodox Easter and Pentecost included, from the `holidays` package); a term in
calendar days that ends on a non-working day moves to the next working day.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("RO", years=[year]).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def due_date(registered_on: date, *, days: int, unit: str) -> date:
    if unit == "working":
        day, counted = registered_on, 0
        while counted < days:
            day += timedelta(days=1)
            if is_working_day(day):
                counted += 1
        return day
    return next_working_day(registered_on + timedelta(days=days))
