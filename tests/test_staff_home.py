"""/birou/ is a working dashboard: a clerk's own work, a head's departments with their open
nonconformities, an administrator's headline indicators; the staff accounts have their own
page. The queries stay bounded whatever the number of cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from billing_reporting.facts.services import facts_refresh
from billing_reporting.tests.clients import staff_client
from billing_reporting.tests.worlds import generate
from dms.cases.history import HistoryMix
from dms.models import Case, Department
from dms.tests.factories import register
from ghiseu.accounts.models import Role, User
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(world):
    generate(
        "resita_t", cases=300, mix=HistoryMix(late=120), today=timezone.localdate(), key="home"
    )
    with schema_context("resita_t"):
        facts_refresh(schema="resita_t", days=None)
        clerk = User.objects.get(email=world.resita.clerk_email)
        head = User.objects.create_user("sef@resita-t.example.org", PASSWORD, role=Role.HEAD)
        urbanism = Department.objects.get(name="Urbanism")
        urbanism.head = head
        urbanism.members.add(clerk)
        urbanism.save()
        today = timezone.localdate()
        mine = [register(department="Urbanism") for _ in range(3)]
        Case.objects.filter(pk=mine[0].pk).update(
            assignee=clerk, due_date=today - timedelta(days=2)
        )
        Case.objects.filter(pk=mine[1].pk).update(
            assignee=clerk, due_date=today + timedelta(days=1)
        )
        Case.objects.filter(pk=mine[2].pk).update(
            assignee=clerk, due_date=today + timedelta(days=20)
        )
        admin = User.objects.get(email=world.resita.admin_email)
    return {"clerk": clerk, "head": head, "admin": admin, "mine": mine}


def _home(world, user) -> str:
    response = staff_client(world.resita, user).get("/birou/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_clerk_sees_their_open_cases_due_soon_and_overdue(world, office):
    html = _home(world, office["clerk"])
    assert "Cererile mele deschise" in html
    work = html[html.index("munca-title") : html.index("cont-title")]
    assert '<span class="headline__value">3</span>' in work  # open
    assert work.count("Termen depășit") == 1 and work.count("Termen apropiat") == 1
    assert office["mine"][0].entry.display_number in work
    assert "neconformit" not in html.lower() and "Conturile personalului" not in html


def test_a_head_sees_the_departments_work_and_its_open_nonconformities(world, office):
    html = _home(world, office["head"])
    assert "Cererile compartimentelor mele" in html and "nerepartizate" in html
    assert "neconformități deschise" in html and "Termen depășit: cererea" in html
    assert "Certificat fiscal" not in html  # another department's


def test_an_administrator_sees_the_headline_and_the_staff_page_apart(world, office):
    html = _home(world, office["admin"])
    assert "Cererile deschise ale instituției" in html and "Indicatori, ultimele 12 luni" in html
    assert "Toți indicatorii, cu grafice" in html and "/birou/personal/" in html
    staff = staff_client(world.resita, office["admin"]).get("/birou/personal/").content.decode()
    assert world.resita.clerk_email in staff and "Invitați un coleg" in staff


def test_the_home_makes_as_many_queries_for_many_cases_as_for_few(
    world, office, django_assert_max_num_queries
):
    client = staff_client(world.resita, office["admin"])
    with django_assert_max_num_queries(30) as few:
        client.get("/birou/")
    generate("resita_t", cases=1500, mix=HistoryMix(), today=timezone.localdate(), key="more")
    with schema_context("resita_t"):
        facts_refresh(schema="resita_t", days=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/birou/")
