"""A UAT administrator sends a test confirmation and follows it in the notification log."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import execute_committed
from tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def outbox(settings, tmp_path, django_db_blocker):
    settings.SMS_PROVIDERS = ["log"]
    settings.SMS_OUTBOX_DIR = str(tmp_path / "outbox")
    yield Path(settings.SMS_OUTBOX_DIR)
    with django_db_blocker.unblock():
        # The live server committed these rows; the world must stay as it was.
        execute_committed(
            "TRUNCATE resita_t.notifications_notification, "
            "billing_reporting_usageevent, billing_reporting_usagemonth"
        )


def test_admin_sends_a_test_confirmation_and_sees_it_delivered(
    world, live_url, phone, outbox, mailoutbox
):
    phone.goto(live_url(world.resita.host, "/birou/notificari/"))
    phone.get_by_label("E-mail").fill(world.resita.admin_email)
    phone.get_by_label("Parolă").fill(PASSWORD)
    phone.get_by_role("button", name="Intră în cont").click()
    phone.wait_for_url("**/birou/notificari/")
    phone.get_by_label("E-mail").fill("cetatean@example.org")
    phone.get_by_label("Telefon mobil").fill("0722 123 456")
    phone.get_by_role("button", name="Trimite testul").click()
    phone.wait_for_load_state()
    # The wide table scrolls in its own box; the page itself never scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    table = phone.locator("table").inner_text()
    assert "cetatean@example.org" in table and "+40722123456" in table
    assert table.count("trimisă") == 2
    assert mailoutbox[-1].subject == "Mesaj de test de la Municipiul Reșița"
    (sms,) = outbox.glob("sms-resita_t.*.txt")
    assert "Municipiul Resita: mesaj de test Ghiseu" in sms.read_text(encoding="utf-8")
