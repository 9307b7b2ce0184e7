"""The satisfaction survey: one answer per case through its link, no sign-in; a low score or
a comment asking for it opens a complaint for the head of the department."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from billing_reporting.facts.services import facts_refresh
from billing_reporting.models import CaseFact
from billing_reporting.quality.models import Nonconformity, Survey
from billing_reporting.quality.surveys.services import survey_invite
from billing_reporting.tests.clients import staff_client
from billing_reporting.tests.worlds import generate
from dms.cases.history import HistoryMix
from dms.models import Department
from ghiseu.accounts.models import Role, User
from ghiseu.notifications.models import Notification
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world):
    """An answered case at Reșița (Urbanism has a head) and its survey link."""
    generate("resita_t", cases=60, mix=HistoryMix(), today=timezone.localdate(), days=60)
    with schema_context("resita_t"):
        facts_refresh(schema="resita_t", days=None)
        head = User.objects.create_user(
            "sef.urbanism@resita-t.example.org", PASSWORD, role=Role.HEAD
        )
        urbanism = Department.objects.get(name="Urbanism")
        urbanism.head = head
        urbanism.save()
        fact = CaseFact.objects.filter(
            schema_name="resita_t", outcome="answered", department_id=urbanism.pk
        ).first()
        url = survey_invite(
            case_id=fact.case_id,
            case_number=fact.number,
            service_code=fact.service_code,
            department_id=fact.department_id,
        )
    return fact, url.split(":8000", 1)[-1].split("localhost", 1)[-1], head


def _post(world, path, **data):
    answer = {"score": "5", "reason": "solved", "comment": "", **data}
    return world.resita.client().post(path, answer)


def test_a_citizen_rates_an_answer_once_through_the_link(world, answered):
    fact, path, _head = answered
    page = world.resita.client().get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert fact.number in html and 'type="radio"' in html and "<script" not in html
    assert page["Referrer-Policy"] == "same-origin"
    done = _post(world, path, score="4", reason="speed")
    assert done.status_code == 302
    assert "Vă mulțumim" in world.resita.client().get(done["Location"]).content.decode()
    again = _post(world, path, score="1", reason="slow")
    assert "Ați răspuns deja" in again.content.decode()
    with schema_context("resita_t"):
        survey = Survey.objects.get(case_id=fact.case_id)
        assert (survey.score, survey.reason) == (4, "speed")
        assert not Nonconformity.objects.filter(source="complaint").exists()
    assert CaseFact.objects.get(pk=fact.pk).satisfaction == 4


def test_a_forged_link_or_another_uats_finds_nothing(world, answered):
    _fact, path, _head = answered
    assert world.caransebes.client().get(path).status_code == 404
    assert world.caransebes.client().post(path, {"score": "1", "reason": "slow"}).status_code == 404
    forged = world.resita.client().post(path[:-5] + "xxxx/", {"score": "1", "reason": "slow"})
    assert forged.status_code == 404
    assert "Linkul chestionarului nu este valid" in forged.content.decode()
    assert world.resita.client().get("/evaluare/" + "a" * 300 + "/").status_code == 404
    with schema_context("resita_t"):
        assert not Survey.objects.filter(answered_at__isnull=False).exists()


def test_a_low_score_opens_a_complaint_for_the_head_of_the_department(world, answered):
    fact, path, head = answered
    _post(world, path, score="2", reason="slow", comment="Am așteptat prea mult.")
    with schema_context("resita_t"):
        complaint = Nonconformity.objects.get(source="complaint")
        assert complaint.owner == head and complaint.case_id == fact.case_id
        assert "Am așteptat prea mult." in complaint.description
        mail = Notification.objects.get(kind="quality.complaint")
        assert (
            mail.recipient == head.email
            and f"/birou/neconformitati/{complaint.pk}/" in mail.body_text
        )


def test_a_complaints_comment_reaches_staff_without_bidirectional_controls(world, answered):
    _fact, path, head = answered
    _post(world, path, score="1", reason="slow", comment="Răspuns de la Ion\u202efdp.exe")
    with schema_context("resita_t"):
        complaint = Nonconformity.objects.get(source="complaint")
        mail = Notification.objects.get(kind="quality.complaint")
    page = staff_client(world.resita, head).get(f"/birou/neconformitati/{complaint.pk}/")
    html = page.content.decode()
    assert "<bdi>Motiv: " in html and "Ionfdp.exe</bdi>" in html
    for text in (html, mail.body_text, mail.body_html):
        assert "\u202e" not in text and "Ionfdp.exe" in text


def test_a_comment_asking_for_a_check_opens_a_complaint_whatever_the_score(world, answered):
    _fact, path, _head = answered
    _post(world, path, score="5", reason="other", comment="Vă rog verificați", wants_follow_up="on")
    with schema_context("resita_t"):
        assert Nonconformity.objects.filter(source="complaint").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "7"}, "Alegeți o notă de la 1 la 5"),
        ({"score": ""}, "Alegeți o notă de la 1 la 5"),
        ({"reason": "bribe"}, "Alegeți motivul din listă"),
        ({"comment": "x" * 2001}, "Comentariul are cel mult 2.000 de caractere"),
        ({"wants_follow_up": "on", "comment": " "}, "Scrieți în comentariu ce doriți să verificăm"),
    ],
)
def test_bad_answers_are_explained_and_change_nothing(world, answered, data, message):
    _fact, path, _head = answered
    response = _post(world, path, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    with schema_context("resita_t"):
        assert not Survey.objects.filter(answered_at__isnull=False).exists()


def test_a_refused_answer_is_summed_up_first_and_keeps_what_the_citizen_chose(world, answered):
    _fact, path, _head = answered
    html = _post(world, path, score="4", reason="speed", wants_follow_up="on").content.decode()
    summary = html[
        html.index('class="error-summary"') : html.index("</div>", html.index("error-summary"))
    ]
    assert "autofocus" in summary and 'href="#id_comment"' in summary
    assert 'value="4" id="id_score_1" required checked' in html
    html = _post(world, path, score="", comment="Mulțumesc").content.decode()
    assert 'href="#id_score_0"' in html and ">Mulțumesc</textarea>" in html


def test_a_survey_of_a_case_without_an_answer_is_refused(world, answered):
    _fact, _path, _head = answered
    with schema_context("resita_t"):
        open_fact = CaseFact.objects.filter(schema_name="resita_t", outcome="open").first()
        url = survey_invite(
            case_id=open_fact.case_id,
            case_number=open_fact.number,
            service_code="x",
            department_id=0,
        )
    path = url.split("localhost", 1)[-1].split(":8000", 1)[-1]
    response = _post(world, path)
    assert response.status_code == 400
    assert "Cererea nu are încă un răspuns de evaluat" in response.content.decode()


def test_a_case_is_surveyed_once(world, answered):
    fact, _path, _head = answered
    with schema_context("resita_t"):
        again = survey_invite(
            case_id=fact.case_id, case_number=fact.number, service_code="x", department_id=0
        )
        assert again is None and Survey.objects.filter(case_id=fact.case_id).count() == 1
