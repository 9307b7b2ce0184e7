"""A citizen files a petition from a phone at Reșița and holds a registration number."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import execute_committed
from tests.e2e.test_portals import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def forget_filings(django_db_blocker):
    yield
    with django_db_blocker.unblock():
        # The live server committed these rows; the shared world must stay as it was.
        execute_committed(
            "TRUNCATE resita_t.dms_document, resita_t.dms_caseevent, resita_t.dms_case, "
            "resita_t.dms_registryentry, resita_t.dms_registrycounter, "
            "resita_t.notifications_notification, billing_reporting_usageevent, "
            "billing_reporting_usagemonth"
        )


def test_a_citizen_files_a_petition_on_a_phone(world, live_url, phone, mailoutbox, forget_filings):
    phone.goto(live_url(world.resita.host, "/servicii/petitie/"))
    phone.get_by_role("link", name="Depuneți cererea online").click()
    assert_accessible(phone)
    phone.get_by_label("Nume și prenume").fill("Ana Pop")
    phone.get_by_label("E-mail").fill("ana@example.org")
    phone.get_by_label("Telefon mobil").fill("0722 123 456")
    phone.get_by_label("Adresa de domiciliu").fill("Str. Libertății 1, Reșița")
    phone.get_by_label("Conținutul petiției").fill("Vă rog să reparați groapa din fața blocului.")
    phone.get_by_role("button", name="Continuă").click()
    phone.wait_for_url("**/confirmare/")
    assert_accessible(phone)
    code = re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)
    phone.get_by_label("Codul primit pe e-mail").fill(code)
    phone.get_by_role("button", name="Trimite cererea").click()
    phone.wait_for_url("**/cerere/**")
    heading = phone.locator("h1").inner_text()
    assert re.match(r"Cererea nr\. 1/\d\d\.\d\d\.\d{4}", heading)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
    assert "Cererea dvs. a fost înregistrată cu nr. 1/" in mailoutbox[-1].subject
