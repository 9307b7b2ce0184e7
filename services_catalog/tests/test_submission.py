"""Filing a petition online: the form, the e-mail code, the registration and its confirmations."""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django_tenants.utils import schema_context

from dms.models import Case, RegistryEntry
from ghiseu.notifications.models import Notification

pytestmark = pytest.mark.django_db

VALID = {
    "full_name": "Ana Pop",
    "email": "ana@example.org",
    "phone": "0722 123 456",
    "address": "Str. Libertății 1, Reșița",
    "content": "Groapă în carosabil 🚧 <b>urgent</b>",
}


def start(client, capture, data=None, code="petitie"):
    page = client.get(f"/servicii/{code}/cerere/")
    version = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    with capture(execute=True):
        return client.post(
            f"/servicii/{code}/cerere/", {**VALID, "version": version, **(data or {})}
        )


def emailed_code(mailoutbox) -> str:
    return re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)


def entries(schema="resita_t") -> int:
    with schema_context(schema):
        return RegistryEntry.objects.count()


def test_a_citizen_files_a_petition_and_gets_a_number_and_confirmations(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    response = start(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"].endswith("/confirmare/")
    review = client.get(response["Location"]).content.decode()
    assert "&lt;b&gt;urgent&lt;/b&gt;" in review and "🚧" in review  # shown as text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(response["Location"], {"cod": emailed_code(mailoutbox)})
    assert done.status_code == 302 and done["Location"].startswith("/cerere/")
    page = client.get(done["Location"]).content.decode()
    with schema_context("resita_t"):
        case = Case.objects.select_related("entry").get()
        assert case.answers["phone"] == "+40722123456"
        assert case.answer_labels[0] == {
            "name": "full_name",
            "label": {"ro": "Nume și prenume", "en": "Full name"},
        }
        assert set(
            Notification.objects.filter(kind="request.registered").values_list("channel", "status")
        ) == {("email", "sent"), ("sms", "sent")}
    assert case.entry.display_number in page and f"{case.due_date:%d.%m.%Y}" in page
    assert "Cerere înregistrată" in page
    assert case.entry.display_number in mailoutbox[-1].body
    link = f"http://{world.resita.host}/cerere/{case.tracking_token}/"
    assert link in mailoutbox[-1].body
    with schema_context("resita_t"):
        assert link in Notification.objects.get(kind="request.registered", channel="sms").body_text
    assert world.caransebes.client().get(done["Location"]).status_code == 404


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"full_name": ""}, "obligatoriu"),
        ({"email": "nu-e-email"}, "adresă de e-mail validă"),
        ({"phone": "12345"}, "telefon nu este valid"),
        ({"phone": "0255 212 345"}, "+40 255 212 345 este un număr de telefon fix"),
        ({"phone": "0900 123 456"}, "La +40 900 123 456 nu se pot trimite SMS-uri"),
        ({"content": "x" * 5001}, "5000"),
    ],
)
def test_bad_input_gets_a_clear_error_and_registers_nothing(
    world, data, error, mailoutbox, django_capture_on_commit_callbacks
):
    response = start(world.resita.client(), django_capture_on_commit_callbacks, data)
    assert response.status_code == 200 and error in response.content.decode()
    assert entries() == 0 and mailoutbox == []


def test_a_cnp_with_a_bad_check_digit_is_refused(world, django_capture_on_commit_callbacks):
    client = world.resita.client()
    page = client.get("/servicii/certificat-fiscal/cerere/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(
        "/servicii/certificat-fiscal/cerere/",
        {**VALID, "cnp": "1960101123451", "purpose": "Vânzare", "version": version},
    )
    assert "CNP-ul nu este valid" in response.content.decode() and entries() == 0


def test_a_wrong_code_is_refused_and_five_wrong_codes_end_the_submission(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    confirm = start(client, django_capture_on_commit_callbacks)["Location"]
    wrong = client.post(
        confirm, {"cod": "000000" if emailed_code(mailoutbox) != "000000" else "111111"}
    )
    assert "Mai aveți 4 încercări" in wrong.content.decode()
    for _ in range(4):
        last = client.post(confirm, {"cod": "abcdef"})
    assert last.status_code == 302 and last["Location"].endswith("/cerere/")
    assert client.post(confirm, {"cod": emailed_code(mailoutbox)}).status_code == 302
    assert entries() == 0


def test_twenty_parallel_guesses_on_one_session_get_five_tries_between_them(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import connections

    from services_catalog import submission

    client = world.resita.client()
    confirm = start(client, django_capture_on_commit_callbacks)["Location"]
    right = emailed_code(mailoutbox)
    wrong = "000000" if right != "000000" else "111111"
    with schema_context("resita_t"):  # sessions live in the UAT's schema
        stored = dict(client.session[submission.SESSION_KEY])
    barrier = threading.Barrier(20)

    def guess(_: int) -> str:
        # Each parallel request reads the session as it was before any of them answered.
        session = {submission.SESSION_KEY: dict(stored)}
        try:
            with schema_context("resita_t"):
                pending = submission.pending_get(session, service_code="petitie")
                barrier.wait()
                return submission.pending_check_code(session, pending, wrong)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(guess, range(20)))
    left = sorted(a for a in answers if "Mai aveți" in a)
    assert left == [
        "Codul nu este corect. Mai aveți 1 încercare.",
        "Codul nu este corect. Mai aveți 2 încercări.",
        "Codul nu este corect. Mai aveți 3 încercări.",
        "Codul nu este corect. Mai aveți 4 încercări.",
    ]
    assert answers.count("Prea multe încercări greșite. Completați din nou formularul.") == 16
    # The session the citizen's browser holds never saw those tries; the right code is late.
    refused = client.post(confirm, {"cod": right})
    assert refused.status_code == 302 and refused["Location"].endswith("/cerere/")
    assert entries() == 0


def test_an_expired_code_is_refused(
    world, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    client = world.resita.client()
    confirm = start(client, django_capture_on_commit_callbacks)["Location"]
    future = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: future)
    response = client.post(confirm, {"cod": emailed_code(mailoutbox)}, follow=True)
    assert "Codul a expirat" in response.content.decode() and entries() == 0


def test_a_double_clicked_submit_registers_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    confirm = start(client, django_capture_on_commit_callbacks)["Location"]
    code = emailed_code(mailoutbox)
    client.post(confirm, {"cod": code})
    client.post(confirm, {"cod": code})
    assert entries() == 1


def test_a_form_changed_mid_fill_asks_to_check_again(world, django_capture_on_commit_callbacks):
    client = world.resita.client()
    response = client.post("/servicii/petitie/cerere/", {**VALID, "version": "999"})
    assert "Formularul a fost actualizat" in response.content.decode() and entries() == 0


def test_a_submission_confirmed_on_another_uats_host_is_not_found(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    start(world.resita.client(), django_capture_on_commit_callbacks)
    other = world.caransebes.client()
    response = other.post("/servicii/petitie/confirmare/", {"cod": emailed_code(mailoutbox)})
    assert response.status_code == 302 and entries("caransebes_t") == 0 and entries() == 0


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def test_an_attached_pdf_is_stored_hashed_and_downloadable_with_the_tracking_link_only(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world.resita.client()
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    confirm = start(client, django_capture_on_commit_callbacks, {"attachments": upload})["Location"]
    done = client.post(confirm, {"cod": emailed_code(mailoutbox)})
    page = client.get(done["Location"]).content.decode()
    digest = hashlib.sha256(PDF).hexdigest()
    assert digest in page and "plan.pdf" in page
    with schema_context("resita_t"):
        case = Case.objects.select_related("entry").get()
        document = case.documents.get()
        assert document.content_type == "application/pdf" and case.entry.annexes == 1
        assert document.storage_key.startswith("resita_t/")
    download = client.get(f"{done['Location']}documente/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert (
        world.caransebes.client().get(f"{done['Location']}documente/{document.pk}/").status_code
        == 404
    )
    forged = done["Location"].replace(case.tracking_token, "x" * 32)
    assert client.get(f"{forged}documente/{document.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("cerere.pdf", b"MZ\x90\x00\x03 this is a windows program", "nu este un document acceptat"),
        ("mare.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1_048_576 + 10), "se acceptă cel mult 10 MB"),
    ],
)
def test_a_renamed_program_or_an_oversized_file_is_refused(
    world, name, content, error, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = start(
        world.resita.client(), django_capture_on_commit_callbacks, {"attachments": upload}
    )
    assert response.status_code == 200 and error in response.content.decode()
    assert entries() == 0


def test_my_requests_lists_a_verified_addresss_requests_at_this_uat_only(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    confirm = start(client, django_capture_on_commit_callbacks)["Location"]
    client.post(confirm, {"cod": emailed_code(mailoutbox)})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cererile-mele/", {"step": "email", "email": "ANA@example.org"})
    wrong = client.post(
        "/cererile-mele/",
        {"step": "code", "cod": "000000" if emailed_code(mailoutbox) != "000000" else "111111"},
    )
    assert "Mai aveți 4 încercări" in wrong.content.decode()
    done = client.post("/cererile-mele/", {"step": "code", "cod": emailed_code(mailoutbox)})
    assert done.status_code == 302
    page = client.get("/cererile-mele/").content.decode()
    with schema_context("resita_t"):
        case = Case.objects.select_related("entry").get()
    assert case.entry.display_number in page and case.tracking_token in page
    assert f">{case.service_title}</a>" in page  # each request names its service
    other = world.caransebes.client()
    assert "Cererea nr." not in other.get("/cererile-mele/").content.decode()


def test_my_requests_without_a_code_shows_nothing(world):
    page = world.resita.client().post("/cererile-mele/", {"step": "code", "cod": "123456"})
    assert page.status_code == 200 and "Cererea nr." not in page.content.decode()


def test_a_form_without_an_email_field_says_it_cannot_be_filed_online(
    world, django_capture_on_commit_callbacks
):
    from services_catalog.models import ServiceTemplate
    from services_catalog.services import service_version_publish

    service = ServiceTemplate.objects.get(code="audienta")
    service_version_publish(
        service=service,
        form_schema=[
            {
                "name": "subject",
                "type": "text",
                "label": {"ro": "Subiect", "en": "Subject"},
                "required": True,
            }
        ],
    )
    client = world.resita.client()
    page = client.get("/servicii/audienta/cerere/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(
        "/servicii/audienta/cerere/", {"subject": "x", "version": version}, follow=True
    )
    assert "nu poate fi depus online" in response.content.decode() and entries() == 0


def test_codes_to_one_address_are_limited_so_the_form_cannot_flood_a_mailbox(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from django.conf import settings

    for _ in range(settings.PORTAL_CODES_PER_ADDRESS_PER_HOUR):
        assert start(world.resita.client(), django_capture_on_commit_callbacks).status_code == 302
    refused = start(world.resita.client(), django_capture_on_commit_callbacks)
    assert refused.status_code == 429 and "prea multe coduri" in refused.content.decode()
    assert len(mailoutbox) == settings.PORTAL_CODES_PER_ADDRESS_PER_HOUR
    other = start(
        world.resita.client(), django_capture_on_commit_callbacks, {"email": "ion@example.org"}
    )
    assert other.status_code == 302 and entries() == 0
