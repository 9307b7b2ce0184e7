"""Bounds every date the staff type into the site must respect."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The first acts of today's local public administration (Legea 69/1991, 1990's decrees):
# nothing older is registered here.
EARLIEST = date(1990, 1, 1)


def past_date_check(day: date, *, field: str, today: date, earliest: date = EARLIEST) -> None:
    """A date that already happened, not before ``earliest``."""
    if day > today:
        raise ValidationError({field: _("Data nu poate fi în viitor.")}, code="future_date")
    if day < earliest:
        raise ValidationError(
            {field: _("Data nu poate fi înainte de %(date)s.") % {"date": f"{earliest:%d.%m.%Y}"}},
            code="date_too_early",
        )
