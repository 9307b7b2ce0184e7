"""The county console compares every UAT fairly, drills down to services, keeps populations,
and shows figures only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from billing_reporting.facts.tasks import facts_refresh
from billing_reporting.models import Population
from billing_reporting.tests.clients import county_client, staff_client
from billing_reporting.tests.worlds import generate
from dms.cases.history import LAST_NAMES, HistoryMix
from ghiseu.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PAGE = "/consola/indicatori/"


def _period() -> dict[str, str]:
    today = timezone.localdate()
    return {"de_la": f"{today - timedelta(days=500):%Y-%m}", "pana_la": f"{today:%Y-%m}"}


@pytest.fixture
def county(world):
    today = timezone.localdate()
    generate("resita_t", cases=300, mix=HistoryMix(late=50), today=today)
    generate("caransebes_t", cases=12, mix=HistoryMix(late=0), today=today)  # below the minimum
    facts_refresh(full=True)
    Population.objects.create(schema_name="resita_t", inhabitants=58_393, source="RPL 2021")
    return county_client(world)


def test_every_uat_side_by_side_with_a_rank_only_above_the_minimum(world, county):
    response = county.get(PAGE, _period())
    assert response.status_code == 200
    html = response.content.decode()
    resita = html.index("Municipiul Reșița")
    caransebes = html.index("Municipiul Caransebeș")
    assert resita < caransebes  # ranked first, the unranked after
    row = html[caransebes : html.index("</tr>", caransebes)]
    assert "fără clasament" in html[html.rindex("<tr>", 0, caransebes) : caransebes]
    assert ">12<" in row
    resita_row = html[resita : html.index("</tr>", resita)]
    assert "5,1" in resita_row  # 300 requests for 58,393 inhabitants: 5.1 per 1,000
    for name in LAST_NAMES:
        assert name not in html  # figures, never citizens


def test_the_drilldown_lists_a_uats_services(world, county):
    html = county.get(PAGE + "uat/resita-t/", _period()).content.decode()
    assert "Petiție" in html and "Certificat de atestare fiscală" in html
    assert county.get(PAGE + "uat/nu-exista/", _period()).status_code == 404


def test_a_population_is_kept_audited_and_a_bad_one_refused(world, county):
    bad = county.post(PAGE + "populatie/", {"uat": "caransebes-t", "inhabitants": "-5"})
    assert bad.status_code == 400 and "între 1 și 3.000.000" in bad.content.decode()
    assert county.post(PAGE + "populatie/", {"uat": "nimic", "inhabitants": "5"}).status_code == 302
    assert not Population.objects.filter(schema_name="caransebes_t").exists()
    done = county.post(
        PAGE + "populatie/", {"uat": "caransebes-t", "inhabitants": "21932", "source": "RPL 2021"}
    )
    assert done.status_code == 302
    assert Population.objects.get(schema_name="caransebes_t").inhabitants == 21932
    assert AuditEvent.objects.filter(action="population.set").exists()


def test_only_county_administrators_see_the_console_pages(world, county):
    from django_tenants.utils import schema_context

    from ghiseu.accounts.models import User

    with schema_context("resita_t"):
        admin = User.objects.get(email=world.resita.admin_email)
    assert staff_client(world.resita, admin).get(PAGE).status_code == 404
    assert world.county_client().get(PAGE).status_code == 302


def test_a_bad_period_is_explained(world, county):
    response = county.get(PAGE, {"de_la": "2026-09", "pana_la": "2026-01"})
    assert response.status_code == 400
    assert "Luna de început este după luna de sfârșit" in response.content.decode()


def test_the_comparison_exports_as_csv(world, county):
    text = county.get(PAGE + "comparatie.csv", _period()).content.decode("utf-8-sig")
    assert "Municipiul Reșița;58393;5,1;300;" in text
    assert "Județul;58393;5,1;312;" in text


def test_the_comparison_makes_a_bounded_number_of_queries(
    world, county, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        county.get(PAGE, _period())
