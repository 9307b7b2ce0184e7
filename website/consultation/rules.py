"""The dates Legea 52/2003 (art. 7) sets for a draft normative act: announced at least 30
working days before it goes to the vote, with at least 10 calendar days for written
recommendations. Working days are the registry's Romanian calendar."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from website.documents import due_date

MIN_COMMENT_DAYS = 10
MIN_WORKING_DAYS_BEFORE_VOTE = 30
MAX_CONSULTATION_DAYS = 366


def earliest_comments_until(announced_on: date) -> date:
    return announced_on + timedelta(days=MIN_COMMENT_DAYS)


def earliest_vote(announced_on: date) -> date:
    return due_date(announced_on, days=MIN_WORKING_DAYS_BEFORE_VOTE, unit="working")


def consultation_dates_check(
    *, announced_on: date, comments_until: date, vote_not_before: date
) -> None:
    errors: dict[str, str] = {}
    if comments_until < earliest_comments_until(announced_on):
        errors["comments_until"] = _(
            "Recomandările se primesc cel puțin 10 zile calendaristice de la anunț: cel mai "
            "devreme până la %(date)s."
        ) % {"date": f"{earliest_comments_until(announced_on):%d.%m.%Y}"}
    elif comments_until > announced_on + timedelta(days=MAX_CONSULTATION_DAYS):
        errors["comments_until"] = _("Perioada de consultare nu poate depăși un an.")
    if vote_not_before < earliest_vote(announced_on):
        errors["vote_not_before"] = _(
            "Proiectul se supune votului la cel puțin 30 de zile lucrătoare de la anunț: cel "
            "mai devreme la %(date)s."
        ) % {"date": f"{earliest_vote(announced_on):%d.%m.%Y}"}
    elif vote_not_before < comments_until:
        errors["vote_not_before"] = _("Votul nu poate avea loc înainte de încheierea consultării.")
    if errors:
        raise ValidationError(errors)
