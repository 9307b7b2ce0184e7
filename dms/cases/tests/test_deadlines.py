from __future__ import annotations

from datetime import date

import pytest

from dms.cases.deadlines import due_date, is_working_day


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),
        date(2026, 1, 2),
        date(2026, 1, 24),
        date(2026, 4, 10),
        date(2026, 4, 13),
        date(2026, 5, 1),
        date(2026, 6, 1),
        date(2026, 8, 15),
        date(2026, 11, 30),
        date(2026, 12, 1),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2027, 5, 3),
        date(2026, 11, 28),
    ],
)
def test_public_holidays_orthodox_easter_and_weekends_are_not_working_days(day):
    assert not is_working_day(day)


def test_a_calendar_term_ending_on_a_holiday_moves_to_the_next_working_day():
    # Registered 31 October 2026: 30 days end on 30 November (Saint Andrew), then 1 December
    # (National Day): the term moves to Wednesday 2 December.
    assert due_date(date(2026, 10, 31), days=30, unit="calendar") == date(2026, 12, 2)


def test_the_day_of_registration_does_not_count():
    assert due_date(date(2026, 3, 2), days=10, unit="calendar") == date(2026, 3, 12)


def test_working_days_skip_orthodox_easter():
    # Thursday 9 April 2026; Good Friday 10, the weekend, Easter Monday 13: two working days
    # later is Wednesday 15 April.
    assert due_date(date(2026, 4, 9), days=2, unit="working") == date(2026, 4, 15)
