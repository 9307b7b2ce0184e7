"""Facts follow the case services: a case opened on any channel has its fact at once, every
transition updates it in the same transaction, the answer's e-mail carries the survey link,
and a late answer opens its nonconformity exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from billing_reporting.models import CaseFact, DailyStat
from billing_reporting.quality.models import Nonconformity, Survey
from dms.cases import actions
from dms.models import Case
from dms.tests.factories import office, register
from ghiseu.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def resita(world):
    with schema_context("resita_t"):
        yield office(world)


def _fact(case: Case) -> CaseFact:
    return CaseFact.objects.get(schema_name="resita_t", case_id=case.pk)


def test_opening_and_answering_a_case_keeps_its_fact_and_the_answer_links_the_survey(
    resita, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = register()
    fact = _fact(case)
    assert (fact.outcome, fact.within_term, fact.channel) == ("open", None, "online")
    assert fact.department_id == resita.urbanism.pk and fact.due_on == case.due_date
    assert DailyStat.objects.filter(schema_name="resita_t", received=1).exists()

    case = actions.case_assign(
        case_id=case.pk, user=resita.head, revision=case.revision, assignee=resita.clerk
    )
    assert _fact(case).first_action_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        actions.case_answer(
            case_id=case.pk,
            user=resita.clerk,
            revision=case.revision + 0,
            text="Rezolvat.",
            upload=None,
        )
    fact = _fact(case)
    assert (fact.outcome, fact.within_term, fact.response_working_days) == ("answered", True, 0)
    assert fact.survey_sent
    survey = Survey.objects.get(case_id=case.pk)
    mail = Notification.objects.filter(kind="case.updated", channel="email").order_by("-id").first()
    assert "/evaluare/" in mail.body_text and "Cum a fost răspunsul nostru?" in mail.body_text
    assert survey.answered_at is None
    assert DailyStat.objects.get(schema_name="resita_t").answered == 1


def test_a_late_answer_opens_one_nonconformity_for_the_head(resita):
    case = register()
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() - timedelta(days=3))
    case.refresh_from_db()
    case = actions.case_assign(
        case_id=case.pk, user=resita.head, revision=case.revision, assignee=resita.clerk
    )
    assert Nonconformity.objects.filter(source="deadline", case_id=case.pk).count() == 1
    actions.case_answer(
        case_id=case.pk, user=resita.clerk, revision=case.revision, text="Târziu.", upload=None
    )
    entry = Nonconformity.objects.get(source="deadline", case_id=case.pk)
    assert entry.owner == resita.head
    assert _fact(case).within_term is False
