"""A citizen files a petition with an attachment from a phone at Reșița: number, receipt,
e-mail through SMTP and SMS through the gateway; Caransebeș sees nothing of it."""

from __future__ import annotations

import base64
import io
import re

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
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def forget_filings(django_db_blocker):
    yield
    with django_db_blocker.unblock():
        # The live server committed these rows; the shared world must stay as it was.
        execute_committed(
            "TRUNCATE resita_t.payments_paymentevent, resita_t.payments_payment, "
            "resita_t.dms_document, resita_t.dms_caseevent, resita_t.dms_case, "
            "resita_t.dms_registryentry, resita_t.dms_registrycounter, "
            "resita_t.notifications_notification, billing_reporting_usageevent, "
            f"billing_reporting_usagemonth, {QUALITY_TABLES}"
        )


def test_a_citizen_files_a_petition_on_a_phone(
    world,
    live_url,
    phone,
    smtp_sink,
    gateway,
    tmp_path,
    forget_filings,
):
    phone.goto(live_url(world.resita.host, "/servicii/petitie/"))
    assert_accessible(phone)
    phone.get_by_role("link", name="Depuneți cererea online").click()
    assert_accessible(phone)
    phone.get_by_label("Nume și prenume").fill("Ana Pop")
    phone.get_by_label("E-mail").fill("ana@example.org")
    phone.get_by_label("Telefon mobil").fill("0722 123 456")
    phone.get_by_label("Adresa de domiciliu").fill("Str. Libertății 1, Reșița")
    phone.get_by_label("Conținutul petiției").fill("Vă rog să reparați groapa din fața blocului.")
    attachment = tmp_path / "fotografie-groapă.pdf"
    attachment.write_bytes(PDF)
    phone.get_by_label("Documente anexate").set_input_files(attachment)
    phone.get_by_role("button", name="Continuă", exact=True).click()
    phone.wait_for_url("**/confirmare/")
    assert_accessible(phone)
    code = re.search(r"\b(\d{6})\b", smtp_sink.messages[-1].get_body(("plain",)).get_content())
    phone.get_by_label("Codul primit pe e-mail").fill(code.group(1))
    phone.get_by_role("button", name="Trimite cererea").click()
    phone.wait_for_url("**/cerere/**")
    number = re.match(r"Cererea nr\. (1/\d\d\.\d\d\.\d{4})", phone.locator("h1").inner_text())
    assert number, phone.locator("h1").inner_text()
    assert "fotografie-groapă.pdf" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)

    # Fetched by the page itself: Playwright's own HTTP client cannot resolve *.localhost.
    href = phone.get_by_role("link", name="Descărcați recipisa (PDF)").get_attribute("href")
    content_type, encoded = phone.evaluate(FETCH_AS_BASE64, href)
    assert content_type == "application/pdf"
    pdf = PdfReader(io.BytesIO(base64.b64decode(encoded)))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert number.group(1) in text and "fotografie-groapă.pdf" in text

    confirmation = smtp_sink.messages[-1]
    assert confirmation["To"] == "ana@example.org"
    assert f"Cererea dvs. a fost înregistrată cu nr. {number.group(1)}" in confirmation["Subject"]
    [sms] = [m for m in gateway.accepted.values() if number.group(1) in str(m["text"])]
    assert sms["to"] == "+40722123456"

    # Caransebeș: neither its pages nor its staff see anything of Reșița's request.
    tracking_path = phone.url.split(str(live_url(world.resita.host, "")).rstrip("/"))[-1]
    other = phone.context.new_page()
    assert other.goto(live_url(world.caransebes.host, tracking_path)).status == 404
    other.goto(live_url(world.caransebes.host, "/birou/notificari/"))
    other.get_by_label("E-mail").fill(world.caransebes.admin_email)
    other.get_by_label("Parolă").fill(PASSWORD)
    other.get_by_role("button", name="Intră în cont").click()
    other.wait_for_url("**/birou/notificari/")
    assert "ana@example.org" not in other.content() and number.group(1) not in other.content()
