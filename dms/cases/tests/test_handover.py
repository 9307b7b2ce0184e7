"""Deactivating a clerk hands their open cases to a colleague of the same department."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from dms.cases import actions as case_actions
from dms.models import Case, CaseEvent
from dms.tests.factories import office, register
from ghiseu.accounts import lifecycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def resita(world):
    with schema_context("resita_t"):
        yield office(world)


def assigned_to(user, resita, *, summary="Petiție"):
    case = register(department="Urbanism", summary=summary)
    case.refresh_from_db()
    return case_actions.case_assign(
        case_id=case.pk, user=resita.head, revision=case.revision, assignee=user
    )


def test_deactivation_hands_open_cases_to_the_chosen_colleague_in_the_same_step(resita):
    first = assigned_to(resita.clerk, resita)
    second = assigned_to(resita.clerk, resita, summary="Alta")
    lifecycle.user_deactivate(actor=resita.admin, user=resita.clerk, reassign_to=resita.head)
    for case in (first, second):
        fresh = Case.objects.get(pk=case.pk)
        assert fresh.assignee_id == resita.head.pk
        assert CaseEvent.objects.filter(case=fresh, kind="handed_over").exists()
    resita.clerk.refresh_from_db()
    assert not resita.clerk.is_active


def test_without_a_colleague_or_with_one_outside_the_department_nothing_changes(resita):
    case = assigned_to(resita.clerk, resita)
    with pytest.raises(ValidationError, match="dosare deschise"):
        lifecycle.user_deactivate(actor=resita.admin, user=resita.clerk)
    with pytest.raises(ValidationError, match="Urbanism"):
        lifecycle.user_deactivate(
            actor=resita.admin, user=resita.clerk, reassign_to=resita.other_clerk
        )
    resita.clerk.refresh_from_db()
    assert resita.clerk.is_active
    assert Case.objects.get(pk=case.pk).assignee_id == resita.clerk.pk
