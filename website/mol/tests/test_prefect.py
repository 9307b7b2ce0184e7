"""The 10-working-day rule on the Romanian calendar, its states, and the beat's reminder
before and warning after the term."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from ghiseu.notifications.models import Notification
from website.mol.prefect import prefect_due_for, prefect_state
from website.mol.prefect_watch import prefect_deadlines_sweep
from website.tests.helpers import register_act, secretary


def test_the_term_is_ten_working_days_skipping_weekends_and_holidays():
    # Monday 23.11.2026: ten working days later, with 30.11 (St Andrew) and 1.12 (National
    # Day) off, is Wednesday 09.12.2026.
    assert prefect_due_for(section="hotarari", adopted_on=date(2026, 11, 23)) == date(2026, 12, 9)
    # Around Orthodox Easter 2026 (12-13 April) and Good Friday (10 April).
    assert prefect_due_for(section="dispozitii", adopted_on=date(2026, 4, 8)) == date(2026, 4, 24)
    # Adopted on a Friday: the weekend does not count.
    assert prefect_due_for(section="hotarari", adopted_on=date(2026, 10, 2)) == date(2026, 10, 16)
    assert prefect_due_for(section="financiare", adopted_on=date(2026, 10, 2)) is None


def test_the_state_says_pending_due_soon_overdue_communicated_or_late():
    due = date(2026, 12, 9)
    state = lambda today, on=None: prefect_state(due=due, communicated_on=on, today=today).code  # noqa: E731
    assert state(date(2026, 11, 24)) == "pending"
    assert state(date(2026, 12, 7)) == "due_soon"
    assert state(date(2026, 12, 10)) == "overdue"
    assert state(date(2026, 12, 10), date(2026, 12, 9)) == "communicated"
    assert state(date(2026, 12, 15), date(2026, 12, 11)) == "late"


@pytest.mark.django_db
def test_the_secretary_is_reminded_before_and_warned_after_once_each(world):
    with schema_context("resita_t"):
        keeper = secretary()
        act = register_act(adopted_on=date(2026, 11, 23))
        assert act.prefect_due == date(2026, 12, 9)
        assert prefect_deadlines_sweep(today=date(2026, 11, 25)) == (0, 0)
        assert prefect_deadlines_sweep(today=date(2026, 12, 7)) == (1, 0)
        assert prefect_deadlines_sweep(today=date(2026, 12, 8)) == (0, 0)
        assert prefect_deadlines_sweep(today=date(2026, 12, 10)) == (0, 1)
        assert prefect_deadlines_sweep(today=date(2026, 12, 11)) == (0, 0)
        sent = Notification.objects.filter(recipient=keeper.email).order_by("id")
        assert [n.kind for n in sent] == ["mol.prefect_reminder", "mol.prefect_overdue"]
        assert "09.12.2026" in sent[0].subject and "Hotărârea nr. 1/2026" in sent[1].body_text


@pytest.mark.django_db
def test_a_communicated_act_gets_no_warning(world):
    from website.mol.services import act_communicate

    with schema_context("resita_t"):
        secretary()
        act = register_act(adopted_on=date(2026, 11, 23))
        act_communicate(user=None, act_id=act.pk, communicated_on=date(2026, 11, 26))
        assert prefect_deadlines_sweep(today=date(2026, 12, 10)) == (0, 0)
