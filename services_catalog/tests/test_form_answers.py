"""The citizen's form keeps what was typed and attached, declares what each field is for, and
says where the problem is: going back from the review page, a refused form, several files,
dates, invisible names and a tampered form."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from dms.models import Case
from services_catalog.tests.test_submission import PDF, VALID, emailed_code, entries, start

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name: str, marker: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + marker.encode(), content_type="application/pdf")


def field_tag(html: str, name: str) -> str:
    return re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)


def test_changing_the_data_on_the_review_page_brings_back_the_answers_and_the_files(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    confirm = start(client, django_capture_on_commit_callbacks, {"attachments": pdf("plan.pdf")})
    review = client.get(confirm["Location"]).content.decode()
    change = re.search(r'<a href="([^"]+)">Modificați datele</a>', review).group(1)
    form = client.get(change).content.decode()
    assert 'value="Ana Pop"' in field_tag(form, "full_name")
    assert "Groapă în carosabil" in form and 'value="+40722123456"' in form
    assert "Fișiere atașate deja: plan.pdf" in form

    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(change, {**VALID, "full_name": "Ana Popescu", "version": version})
    assert again.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(again["Location"], {"cod": emailed_code(mailoutbox)})
    with schema_context("resita_t"):
        case = Case.objects.get()
        assert case.citizen_name == "Ana Popescu"
        assert list(case.documents.values_list("name", flat=True)) == ["plan.pdf"]


def test_a_refused_form_keeps_the_attached_file_and_says_so_next_to_the_field(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    refused = start(
        client,
        django_capture_on_commit_callbacks,
        {"attachments": pdf("act.pdf", "refused"), "full_name": ""},
    )
    html = refused.content.decode()
    assert refused.status_code == 200 and "Fișiere atașate deja: act.pdf" in html
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post("/servicii/petitie/cerere/", {**VALID, "version": version})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(accepted["Location"], {"cod": emailed_code(mailoutbox)})
    with schema_context("resita_t"):
        assert list(Case.objects.get().documents.values_list("name", flat=True)) == ["act.pdf"]


def test_a_citizen_may_give_up_a_kept_file(world, mailoutbox, django_capture_on_commit_callbacks):
    client = world.resita.client()
    refused = start(
        client,
        django_capture_on_commit_callbacks,
        {"attachments": pdf("gresit.pdf", "wrong"), "full_name": ""},
    )
    version = re.search(r'name="version" value="(\d+)"', refused.content.decode()).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(
            "/servicii/petitie/cerere/", {**VALID, "version": version, "attachments-renunt": "1"}
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(accepted["Location"], {"cod": emailed_code(mailoutbox)})
    with schema_context("resita_t"):
        assert not Case.objects.get().documents.exists()


def test_the_attachments_field_takes_several_files_and_says_which(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    form = client.get("/servicii/petitie/cerere/").content.decode()
    tag = field_tag(form, "attachments")
    assert "multiple" in tag and ".pdf" in tag and "image/png" in tag
    assert "PDF, JPEG sau PNG, cel mult 10 MB fiecare, cel mult 10 fișiere." in form
    files = [pdf("cerere.pdf", "one"), SimpleUploadedFile("poza.png", PNG, "image/png")]
    confirm = start(client, django_capture_on_commit_callbacks, {"attachments": files})
    review = client.get(confirm["Location"]).content.decode()
    assert "cerere.pdf, poza.png" in review
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm["Location"], {"cod": emailed_code(mailoutbox)})
    with schema_context("resita_t"):
        case = Case.objects.select_related("entry").get()
        assert sorted(case.documents.values_list("name", flat=True)) == ["cerere.pdf", "poza.png"]
        assert case.entry.annexes == 2


def test_fields_declare_their_purpose_to_browsers_and_assistive_technology(world):
    form = world.resita.client().get("/servicii/petitie/cerere/").content.decode()
    assert 'autocomplete="name"' in field_tag(form, "full_name")
    assert 'autocomplete="email"' in field_tag(form, "email")
    assert 'autocomplete="tel"' in field_tag(form, "phone")
    assert 'autocomplete="street-address"' in field_tag(form, "address")


@pytest.mark.parametrize(
    "name",
    ["\x01\x02\x03", "\u200b\u200b", "\u202e\u2066", " \t "],
    ids=["control characters", "zero-width spaces", "bidi controls", "blanks"],
)
def test_a_name_with_nothing_visible_is_no_name(world, name, django_capture_on_commit_callbacks):
    response = start(world.resita.client(), django_capture_on_commit_callbacks, {"full_name": name})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nume și prenume: Acest câmp este obligatoriu." in html
    assert entries() == 0


@pytest.mark.parametrize("version", ["abc", "", "1e9", "-1"])
def test_a_tampered_form_version_is_said_not_silently_shown_again(
    world, version, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    response = client.post("/servicii/petitie/cerere/", {**VALID, "version": version})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Formularul nu a putut fi verificat" in html or "actualizat între timp" in html
    assert entries() == 0


DECLARATION = {
    "cnp": "1960101123456",
    "property_address": "Str. Nouă 2, Reșița",
    "full_name": "Ana Pop",
    "email": "ana@example.org",
    "address": "Str. Libertății 1, Reșița",
}


@pytest.mark.parametrize(
    ("acquired_on", "error"),
    [
        ("9999-12-31", "nu poate fi în viitor"),
        ("0001-01-01", "Alegeți o dată între 01.01.1900"),
        ("2099-06-01", "nu poate fi în viitor"),
    ],
)
def test_a_date_out_of_its_bounds_gets_a_field_error(
    world, acquired_on, error, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    page = client.get("/servicii/declaratie-cladiri/cerere/").content.decode()
    assert 'type="date"' in field_tag(page, "acquired_on") and 'max="' in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(
        "/servicii/declaratie-cladiri/cerere/",
        {**DECLARATION, "acquired_on": acquired_on, "version": version},
    )
    assert response.status_code == 200 and error in response.content.decode()
    assert entries() == 0


def test_errors_are_summed_up_first_and_take_the_focus(world, django_capture_on_commit_callbacks):
    response = start(
        world.resita.client(), django_capture_on_commit_callbacks, {"full_name": "", "email": "x"}
    )
    html = response.content.decode()
    summary = html.index('class="error-summary"')
    assert summary < html.index('<label for="id_full_name"')
    assert re.search(r'class="error-summary"[^>]*tabindex="-1" autofocus', html)
    assert '<a href="#id_full_name">Nume și prenume: Acest câmp este obligatoriu.</a>' in html


def test_a_wrong_code_is_said_above_the_review(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    confirm = start(client, django_capture_on_commit_callbacks)["Location"]
    wrong = "000000" if emailed_code(mailoutbox) != "000000" else "111111"
    html = client.post(confirm, {"cod": wrong}).content.decode()
    assert html.index("Codul nu este corect") < html.index("Nume și prenume")
    assert '<a href="#cod">Codul nu este corect' in html


def test_a_search_says_how_many_services_it_found_before_the_categories(world):
    html = world.resita.client().get("/", {"q": "petitie"}).content.decode()
    count = html.index("1 serviciu găsit pentru „petitie”.")
    assert count < html.index('class="card__title"') < html.index('class="chips"')


def test_the_clerk_reads_the_answers_in_the_forms_order(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from dms.cases.tests.test_inbox import signed_in
    from dms.tests.factories import office

    client = world.resita.client()
    confirm = start(client, django_capture_on_commit_callbacks)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm, {"cod": emailed_code(mailoutbox)})
    with schema_context("resita_t"):
        staff = office(world)
        case = Case.objects.get()
    page = signed_in(world, staff.registrar).get(f"/birou/dosare/{case.pk}/").content.decode()
    answers = page[page.index('class="facts answers"') :]
    labels = re.findall(r"<dt>([^<]+)</dt>", answers)[:5]
    assert labels == [
        "Nume și prenume",
        "E-mail",
        "Telefon mobil",
        "Adresa de domiciliu",
        "Conținutul petiției",
    ]
