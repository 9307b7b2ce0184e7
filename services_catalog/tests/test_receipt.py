"""The PDF receipt (recipisă): the registration's facts, the attachments' SHA-256 and the way
back to the tracking page, for whoever holds the tracking link only."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from pypdf import PdfReader

from dms.models import Case
from services_catalog.tests.test_submission import PDF, emailed_code, start

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def file_petition(world, mailoutbox, capture, **data) -> str:
    client = world.resita.client()
    confirm = start(client, capture, data)["Location"]
    with capture(execute=True):
        done = client.post(confirm, {"cod": emailed_code(mailoutbox)})
    return done["Location"]


def test_the_receipt_holds_number_date_service_due_date_and_attachment_hashes(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("plan-situație.pdf", PDF, content_type="application/pdf")
    tracking = file_petition(
        world, mailoutbox, django_capture_on_commit_callbacks, attachments=upload
    )
    page = world.resita.client().get(tracking).content.decode()
    assert f'href="{tracking}recipisa.pdf"' in page
    response = world.resita.client().get(f"{tracking}recipisa.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    with schema_context("resita_t"):
        case = Case.objects.select_related("entry").get()
    for expected in (
        "Municipiul Reșița",
        "Recipisă de înregistrare",
        case.entry.display_number,
        f"{case.due_date:%d.%m.%Y}",
        "Petiție",
        "plan-situație.pdf",
        hashlib.sha256(PDF).hexdigest(),
        f"http://{world.resita.host}{tracking}",
    ):
        assert expected in text.replace("\n", ""), expected


def test_the_receipt_is_served_only_with_the_tracking_link_at_its_uat(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    tracking = file_petition(world, mailoutbox, django_capture_on_commit_callbacks)
    assert world.caransebes.client().get(f"{tracking}recipisa.pdf").status_code == 404
    assert world.resita.client().get(f"/cerere/{'x' * 32}/recipisa.pdf").status_code == 404
    assert world.resita.client().get("/cerere/<script>/recipisa.pdf").status_code == 404


def test_what_the_citizen_typed_prints_as_typed_in_english_too(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    tracking = file_petition(
        world,
        mailoutbox,
        django_capture_on_commit_callbacks,
        full_name="Ana <b>Pop</b> & Șerban 🚧",
    )
    client = world.resita.client()
    client.cookies["ghiseu_lang"] = "en"
    text = pdf_text(client.get(f"{tracking}recipisa.pdf").content)
    assert "Ana <b>Pop</b> & Șerban" in text and "Registration receipt" in text
