"""A citizen signs in with the demo e-ID on a 360 px phone: from Reșița's portal to the local
OpenID Connect provider, through the county's callback, and back to Reșița, signed in."""

from __future__ import annotations

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
