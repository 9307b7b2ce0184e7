"""A citizen signs in with the demo e-ID on a 360 px phone: from Reșița's portal to the local
OpenID Connect provider, through the county's callback, and back to Reșița, signed in."""

from __future__ import annotations

import re

import pytest

from citizens.tests.fixtures import provider_settings, run_provider
from tests.e2e.conftest import execute_committed
from tests.e2e.test_portals import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="session")
def live_eid(live_url):
    """The provider knows the live server's callback (its port is chosen at start)."""
    redirect_uri = live_url("localhost", "/eid/revenire/")
    running = run_provider([redirect_uri])
    yield running, redirect_uri
    running.stop()


@pytest.fixture
def eid_on_live_server(live_eid, settings, django_db_blocker):
    running, redirect_uri = live_eid
    settings.EID_REDIRECT_URI = redirect_uri
    settings.EID_PROVIDERS = {"demo": provider_settings(running.issuer)}
    yield running
    with django_db_blocker.unblock():
        execute_committed(
            "TRUNCATE citizens_signin, citizens_citizenlogin, citizens_citizen CASCADE"
        )


def test_a_citizen_signs_in_with_eid_on_a_phone(world, live_url, phone, eid_on_live_server):
    phone.goto(live_url(world.resita.host))
    phone.get_by_role("link", name="Autentificare e-ID").click()
    phone.wait_for_url("**/autentificare/**")
    assert_accessible(phone)
    phone.get_by_role("link", name="Intră cu e-ID (demo)").click()
    phone.get_by_role("button", name="Continuă ca Ion Popescu").click()
    phone.wait_for_url(f"**{world.resita.host}**/contul-meu/")
    assert "Sunteți autentificat ca Ion Popescu." in phone.content()
    assert phone.get_by_text("Str. Libertății nr. 10, Reșița, jud. Caraș-Severin").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
    phone.get_by_role("button", name="Deconectare").click()
    phone.wait_for_url(live_url(world.resita.host, "/"))
    assert phone.get_by_role("link", name="Autentificare e-ID").is_visible()


@pytest.fixture
def urbanism_fee(django_db_blocker):
    with django_db_blocker.unblock():
        execute_committed(
            "UPDATE resita_t.offers_offering SET fee_lei = 25, payment_timing = 'after', "
            "payment_route = 'netopia' FROM services_catalog_servicetemplate s "
            "WHERE s.id = offers_offering.service_id AND s.code = 'certificat-urbanism'"
        )
    yield
    with django_db_blocker.unblock():
        execute_committed(
            "UPDATE resita_t.offers_offering SET fee_lei = NULL FROM "
            "services_catalog_servicetemplate s WHERE s.id = offers_offering.service_id "
            "AND s.code = 'certificat-urbanism'"
        )
        execute_committed(
            "TRUNCATE resita_t.payments_paymentevent, resita_t.payments_payment, "
            "resita_t.dms_document, resita_t.dms_caseevent, resita_t.dms_case, "
            "resita_t.dms_registryentry, resita_t.dms_registrycounter, "
            "resita_t.notifications_notification, citizens_filedrequest, "
            "billing_reporting_usageevent, billing_reporting_usagemonth"
        )


def test_a_signed_in_citizen_files_pays_the_fee_and_finds_the_request_on_a_phone(
    world, live_url, phone, eid_on_live_server, card_processor, urbanism_fee
):
    # The processor's callbacks come late and three times over, as real ones may.
    card_processor.processor.behaviour = {"callbacks": "repeated", "repeat": 3}
    phone.goto(live_url(world.resita.host, "/servicii/certificat-urbanism/cerere/"))
    phone.get_by_role("link", name="Autentificare cu e-ID").click()
    phone.get_by_role("link", name="Intră cu e-ID (demo)").click()
    phone.get_by_role("button", name="Continuă ca Ion Popescu").click()
    phone.wait_for_url("**/servicii/certificat-urbanism/cerere/")
    assert phone.get_by_label("CNP").input_value() == "1800101110011"
    assert phone.get_by_label("CNP").get_attribute("readonly") is not None
    assert "taxă de 25.00 lei" in phone.content() or "taxă de 25,00 lei" in phone.content()
    assert_accessible(phone)
    phone.get_by_label("E-mail").fill("ion@example.org")
    phone.get_by_label("Scopul").select_option("construire")
    phone.get_by_label("Adresa imobilului").fill("Str. Libertății nr. 10")
    phone.get_by_role("button", name="Continuă", exact=True).click()
    phone.wait_for_url("**/confirmare/")
    assert_accessible(phone)
    phone.get_by_role("button", name="Trimite cererea").click()
    phone.wait_for_url("**/cerere/**")
    assert_accessible(phone)
    phone.get_by_role("button", name=re.compile(r"Plătește 25[.,]00 lei cu cardul")).click()
    phone.get_by_role("button", name="Plătește").click()  # on the processor's page
    phone.wait_for_url(f"**{world.resita.host}**/cerere/**")
    assert "plătită" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
    phone.goto(live_url(world.resita.host, "/cererile-mele/"))
    assert "Certificat de urbanism" in phone.content() and "Municipiul Reșița" in phone.content()
    assert_accessible(phone)
