"""/birou/indicatori/: administrators see the UAT, a head their departments, a clerk nothing;
bad periods are explained; CSV and PDF carry the same figures; the queries stay bounded."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader

from billing_reporting.facts.services import facts_refresh
from billing_reporting.indicators.periods import add_months
from billing_reporting.tests.clients import staff_client
from billing_reporting.tests.worlds import generate
from dms.cases.history import HistoryMix
from dms.models import Department
from ghiseu.accounts.models import Role, User
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db
PAGE = "/birou/indicatori/"


def _world(world, cases: int, key: str = "page") -> None:
    generate(
        "resita_t", cases=cases, mix=HistoryMix(), today=timezone.localdate(), key=key, days=200
    )
    with schema_context("resita_t"):
        facts_refresh(schema="resita_t", days=None)


def _period() -> dict[str, str]:
    today = timezone.localdate()
    return {"de_la": f"{today - timedelta(days=400):%Y-%m}", "pana_la": f"{today:%Y-%m}"}


@pytest.fixture
def people(world):
    with schema_context("resita_t"):
        admin = User.objects.get(email=world.resita.admin_email)
        clerk = User.objects.get(email=world.resita.clerk_email)
        head = User.objects.create_user("sef@resita-t.example.org", PASSWORD, role=Role.HEAD)
    return admin, clerk, head


def test_the_administrator_sees_a_year_with_charts_tables_and_exports(world, people):
    _world(world, 600)
    admin, _clerk, _head = people
    response = staff_client(world.resita, admin).get(PAGE, _period())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 3 and '<title id="termen-t">' in html
    assert 'id="tabel-luni"' in html and 'id="tabel-servicii"' in html
    assert "Petiție" in html and "Certificat de urbanism" in html
    assert ">600<" in html  # the total received


def test_a_head_sees_only_their_departments_and_not_another(world, people):
    _world(world, 400)
    _admin, _clerk, head = people
    with schema_context("resita_t"):
        urbanism = Department.objects.get(name="Urbanism")
        urbanism.head = head
        urbanism.save()
        taxes = Department.objects.get(name="Taxe")
    client = staff_client(world.resita, head)
    html = client.get(PAGE, _period()).content.decode()
    assert "Certificat de urbanism" in html
    assert "Certificat fiscal" not in html and "Petiție" not in html
    refused = client.get(PAGE, {**_period(), "compartiment": taxes.pk})
    assert refused.status_code == 403
    assert "Nu aveți acces la indicatorii acestui compartiment" in refused.content.decode()
    assert client.get(PAGE, {**_period(), "compartiment": "abc"}).status_code == 403


def test_a_clerk_may_not_open_the_indicators(world, people):
    _admin, clerk, _head = people
    assert staff_client(world.resita, clerk).get(PAGE).status_code == 403


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"de_la": "2026-05", "pana_la": "2026-01"}, "Luna de început este după luna de sfârșit"),
        ({"de_la": "2020-01", "pana_la": "2026-01"}, "Perioada are cel mult 36 de luni"),
        ({"de_la": "1989-12", "pana_la": "1990-02"}, "Alegeți o lună între 1990 și"),
        ({"de_la": "2026-13"}, "Scrieți luna ca an-lună"),
        ({"de_la": "0000-01"}, "Scrieți luna ca an-lună"),
        ({"pana_la": "<script>"}, "Scrieți luna ca an-lună"),
    ],
)
def test_a_bad_period_is_explained_and_shows_no_figures(world, people, query, message):
    admin, _clerk, _head = people
    response = staff_client(world.resita, admin).get(PAGE, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "<svg" not in html
    assert staff_client(world.resita, admin).get(PAGE + "indicatori.csv", query).status_code == 400


def test_the_exports_carry_the_page_figures(world, people):
    _world(world, 300)
    admin, _clerk, _head = people
    client = staff_client(world.resita, admin)
    csv = client.get(PAGE + "indicatori.csv", _period())
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Pe servicii" in text and "Total;300;" in text
    pdf = client.get(PAGE + "indicatori.pdf", _period())
    assert pdf["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    assert "Municipiul Reșița" in pages[0].extract_text()


def test_another_uat_sees_none_of_these_cases(world):
    _world(world, 200)
    with schema_context("caransebes_t"):
        admin = User.objects.get(email=world.caransebes.admin_email)
    html = staff_client(world.caransebes, admin).get(PAGE, _period()).content.decode()
    assert "Nicio cerere în perioadă" in html and ">200<" not in html


def test_the_page_makes_as_many_queries_for_many_cases_as_for_few(
    world, people, django_assert_max_num_queries
):
    admin, _clerk, _head = people
    client = staff_client(world.resita, admin)
    _world(world, 50, key="few")
    with django_assert_max_num_queries(14) as few:
        client.get(PAGE, _period())
    _world(world, 1500, key="many")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PAGE, _period())


def test_the_default_period_shows_in_the_month_fields(world, people):
    admin, _clerk, _head = people
    html = staff_client(world.resita, admin).get(PAGE).content.decode()
    today = timezone.localdate()
    first = add_months(today.replace(day=1), -11)  # the last 12 months
    assert f'name="de_la" id="id_de_la" value="{first:%Y-%m}"' in html
    assert f'name="pana_la" id="id_pana_la" value="{today:%Y-%m}"' in html
