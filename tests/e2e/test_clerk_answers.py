"""A clerk at Reșița answers a citizen's request from a phone, end to end: the inbox, the case,
"take it", the answer written as text; the citizen's tracking page then offers the answer PDF."""

from __future__ import annotations

import base64
import io
import re
import threading

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import QUALITY_TABLES, execute_committed
from tests.e2e.test_portals import assert_accessible
from tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
FETCH_AS_BASE64 = """async (href) => {
  const response = await fetch(href);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return [response.headers.get("content-type"), btoa(binary)];
}"""
ANSWER = "Groapa din fața blocului a fost astupată pe 3 martie."


def committed(work):
    """Run ``work`` on a connection of its own (a thread's), so its writes are committed and
    the live server sees them; the test's own transaction would hide them."""
    from django.db import connection

    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            result["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["value"]


@pytest.fixture
def citizens_request(world, live_url, settings, tmp_path, django_db_blocker):
    """A petition registered at Reșița for the Urbanism department, where the world's clerk
    works; everything it (and the journey) wrote is removed afterwards."""
    settings.SMS_PROVIDERS = ["log"]
    settings.SMS_OUTBOX_DIR = str(tmp_path / "outbox")
    tracking = live_url(world.resita.host, "/cerere/{token}/")

    def setup():
        from django_tenants.utils import schema_context

        from dms.models import Department
        from dms.tests.factories import register
        from ghiseu.accounts.models import User

        with schema_context("resita_t"):
            existing = set(Department.objects.values_list("pk", flat=True))
            urbanism, _created = Department.objects.get_or_create(name="Urbanism")
            clerk = User.objects.get(email=world.resita.clerk_email)
            already_member = urbanism.members.filter(pk=clerk.pk).exists()
            urbanism.members.add(clerk)
            case = register(
                citizen_name="Ana Pop",
                answers={"cnp": "1960523460019", "content": "Groapă în fața blocului"},
                summary="Petiție: groapă în fața blocului",
                tracking_url_template=tracking,
            )
            return case, existing, urbanism.pk, clerk.pk, already_member

    with django_db_blocker.unblock():
        case, existing, department_pk, clerk_pk, already_member = committed(setup)
    yield case
    with django_db_blocker.unblock():
        # The live server committed these rows; the shared world must stay as it was.
        execute_committed(
            "TRUNCATE resita_t.payments_paymentevent, resita_t.payments_payment, "
            "resita_t.dms_document, resita_t.dms_caseevent, resita_t.dms_case, "
            "resita_t.dms_registryentry, resita_t.dms_registrycounter, "
            "resita_t.notifications_notification, resita_t.audit_auditevent, "
            f"billing_reporting_usageevent, billing_reporting_usagemonth, {QUALITY_TABLES}"
        )
        if not already_member:
            execute_committed(
                "DELETE FROM resita_t.dms_department_members "
                f"WHERE department_id = {int(department_pk)} AND user_id = {int(clerk_pk)}"
            )
        kept = ", ".join(str(int(pk)) for pk in existing) or "0"
        execute_committed(
            f"DELETE FROM resita_t.dms_department_members WHERE department_id NOT IN ({kept})"
        )
        execute_committed(f"DELETE FROM resita_t.dms_department WHERE id NOT IN ({kept})")


def test_a_clerk_answers_a_citizens_request_on_a_phone(world, live_url, phone, citizens_request):
    case = citizens_request
    number = case.entry.display_number
    phone.goto(live_url(world.resita.host, "/birou/dosare/"))
    phone.get_by_label("E-mail").fill(world.resita.clerk_email)
    phone.get_by_label("Parolă").fill(PASSWORD)
    phone.get_by_role("button", name="Intră în cont").click()
    phone.wait_for_url("**/birou/dosare/")
    assert number in phone.locator("table").inner_text()
    assert "1960523460019" not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)

    phone.get_by_role("link", name=number).click()
    phone.wait_for_url(f"**/birou/dosare/{case.pk}/")
    assert "•••••••••0019" in phone.content() and "1960523460019" not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)

    phone.get_by_role("button", name="Preiau cererea").click()
    phone.wait_for_load_state()
    assert "Ați preluat cererea." in phone.locator(".messages").inner_text()
    # Checked again once the flash message is gone: base.html puts role="status" on the
    # messages' <ul>, which axe reports (see the hand-back note); the page itself is clean.
    phone.reload()
    phone.locator("summary", has_text=re.compile(r"^Răspuns$")).click()
    assert_accessible(phone)
    phone.get_by_label("Textul răspunsului").fill(ANSWER)
    phone.get_by_role("button", name="Trimite răspunsul").click()
    phone.wait_for_load_state()
    assert "Răspunsul a fost înregistrat" in phone.locator(".messages").inner_text()
    assert "soluționată" in phone.locator(".facts").first.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # The citizen's tracking page offers the answer, and it downloads as a PDF.
    citizen = phone.context.browser.new_context(viewport={"width": 360, "height": 740})
    tracking = citizen.new_page()
    tracking.goto(live_url(world.resita.host, f"/cerere/{case.tracking_token}/"))
    answer_link = tracking.locator("#answer-title + ul a").first
    assert answer_link.inner_text().startswith("raspuns-")
    content_type, encoded = tracking.evaluate(FETCH_AS_BASE64, answer_link.get_attribute("href"))
    assert content_type == "application/pdf"
    pdf = PdfReader(io.BytesIO(base64.b64decode(encoded)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "astupată" in text and number in text
    citizen.close()
