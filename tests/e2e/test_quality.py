"""On a 360 px phone: Reșița's administrator reads a year of indicators with charts, the
dashboard, the register of nonconformities and the reports; a citizen rates an answer and a
low score opens a complaint; anyone reads the portal's public figures; the county compares
its UATs. Every page axe-clean, and none wider than a 320 px screen."""

from __future__ import annotations

import pytest

from billing_reporting.tests.clients import COUNTY_ADMIN
from tests.e2e.conftest import QUALITY_TABLES, execute_committed
from tests.e2e.test_clerk_answers import committed
from tests.e2e.test_portals import assert_accessible
from tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def quality_world(world, live_url, django_db_blocker):
    """A year of history at Reșița with its facts, and a survey link of an answered case."""

    def setup():
        from django.utils import timezone
        from django_tenants.utils import schema_context

        from billing_reporting.facts.services import facts_refresh
        from billing_reporting.models import CaseFact
        from billing_reporting.quality.surveys.services import survey_invite
        from billing_reporting.tests.worlds import generate
        from dms.cases.history import HistoryMix
        from ghiseu.accounts.models import User

        generate("resita_t", cases=800, mix=HistoryMix(), today=timezone.localdate(), key="e2e")
        with schema_context("resita_t"):
            facts_refresh(schema="resita_t", days=None)
            fact = CaseFact.objects.filter(
                schema_name="resita_t", outcome="answered", survey_sent=False
            ).first()
            url = survey_invite(
                case_id=fact.case_id,
                case_number=fact.number,
                service_code=fact.service_code,
                department_id=fact.department_id,
            )
        with schema_context("public"):
            User.objects.create_superuser(COUNTY_ADMIN, PASSWORD)
        return url.split("localhost", 1)[-1].split(":8000", 1)[-1]

    with django_db_blocker.unblock():
        survey_path = committed(setup)
    yield survey_path
    with django_db_blocker.unblock():
        # Raw SQL: the ORM's cascade would look for the tenant-only tables in public.
        admin = f"SELECT id FROM public.accounts_user WHERE email = '{COUNTY_ADMIN}'"
        execute_committed(
            f"DELETE FROM public.accounts_staffsession WHERE user_id IN ({admin});"
            f" DELETE FROM public.accounts_user WHERE id IN ({admin})"
        )
        execute_committed(
            "TRUNCATE resita_t.payments_paymentevent, resita_t.payments_payment, "
            "resita_t.dms_document, resita_t.dms_caseevent, resita_t.dms_case, "
            "resita_t.dms_registryentry, resita_t.dms_registrycounter, "
            f"resita_t.notifications_notification, resita_t.audit_auditevent, {QUALITY_TABLES}"
        )
        execute_committed(
            "DELETE FROM resita_t.dms_department WHERE name IN "
            "('Relații cu publicul', 'Urbanism', 'Taxe')"
        )


def assert_fits_a_phone(page) -> None:
    """No sideways scrolling of the page at 360 px nor at 320 px (wide tables scroll in
    their own region)."""
    for width in (360, 320):
        page.set_viewport_size({"width": width, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    page.set_viewport_size({"width": 360, "height": 740})


def test_indicators_survey_and_public_figures_on_a_phone(world, live_url, phone, quality_world):
    phone.goto(live_url(world.resita.host, "/birou/indicatori/"))
    phone.get_by_label("E-mail").fill(world.resita.admin_email)
    phone.get_by_label("Parolă").fill(PASSWORD)
    phone.get_by_role("button", name="Intră în cont").click()
    phone.wait_for_url("**/birou/indicatori/")
    assert phone.locator("svg.chart").count() == 3
    assert "cereri primite" in phone.locator(".headline").inner_text()
    assert_fits_a_phone(phone)
    assert_accessible(phone)
    for path, seen in (
        ("/birou/", "Indicatori, ultimele 12 luni"),
        ("/birou/rapoarte/", "Petiții (OG 27/2002)"),
    ):
        phone.goto(live_url(world.resita.host, path))
        assert seen in phone.content(), path
        assert_fits_a_phone(phone)
        assert_accessible(phone)

    # The survey has no script at all (asserted in its unit tests); axe needs JavaScript.
    citizen = phone.context.browser.new_context(viewport={"width": 360, "height": 740})
    survey = citizen.new_page()
    survey.goto(live_url(world.resita.host, quality_world))
    assert_accessible(survey)
    survey.get_by_label("2 – nemulțumit(ă)").check()
    survey.get_by_label("A durat prea mult").check()
    survey.get_by_label("Comentariu").fill("Am așteptat mult răspunsul.")
    survey.get_by_role("button", name="Trimite").click()
    survey.wait_for_load_state()
    assert "Vă mulțumim" in survey.content()
    assert "reclamație" in survey.content()
    assert_fits_a_phone(survey)
    assert_accessible(survey)

    survey.goto(live_url(world.resita.host, "/cat-de-repede-raspundem/"))
    assert "în termen" in survey.content()
    assert_fits_a_phone(survey)
    assert_accessible(survey)
    citizen.close()

    phone.goto(live_url(world.resita.host, "/birou/neconformitati/"))
    assert "Reclamație" in phone.locator("table").inner_text()
    assert_fits_a_phone(phone)
    assert_accessible(phone)
    phone.locator("table a", has_text="NC").first.click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text().startswith("NC ")
    assert_fits_a_phone(phone)
    assert_accessible(phone)

    # The county compares its UATs (same world: one setup for the whole journey).
    county = phone.context.browser.new_context(viewport={"width": 360, "height": 740})
    console = county.new_page()
    console.goto(live_url(world.county_host, "/consola/indicatori/"))
    console.get_by_label("E-mail").fill(COUNTY_ADMIN)
    console.get_by_label("Parolă").fill(PASSWORD)
    console.get_by_role("button", name="Intră în cont").click()
    console.wait_for_url("**/consola/indicatori/")
    table = console.locator("#tabel-uat").inner_text()
    assert "Municipiul Reșița" in table and "Municipiul Caransebeș" in table
    assert_fits_a_phone(console)
    assert_accessible(console)
    console.get_by_role("link", name="Municipiul Reșița").click()
    console.wait_for_load_state()
    assert "Petiție" in console.content()
    assert_fits_a_phone(console)
    assert_accessible(console)
    county.close()
