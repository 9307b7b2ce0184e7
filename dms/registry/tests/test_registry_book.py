"""The registry book: paper, e-mail and post registered by the registratura, outgoing letters,
the book of a period and its CSV and PDF exports."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from dms.cases.deadlines import due_date
from dms.cases.selectors import InboxFilters, inbox_cases
from dms.models import Case, Document, RegistryCounter, RegistryEntry
from dms.registry.services import IncomingLetter, entry_register_incoming
from dms.tests.factories import PASSWORD, office, register
from ghiseu.audit.models import AuditEvent
from ghiseu.notifications.models import Notification

pytestmark = pytest.mark.django_db
BOOK = "/birou/registratura/"


class Staying:
    """A client that puts the test's connection back on the schema it was on: the tenant
    middleware leaves it on the public schema after each request."""

    def __init__(self, client):
        self.client = client

    def _call(self, method, *args, **kwargs):
        schema = connection.schema_name
        try:
            return getattr(self.client, method)(*args, **kwargs)
        finally:
            connection.set_schema(schema)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def post(self, *args, **kwargs):
        return self._call("post", *args, **kwargs)


def signed_in(portal, email):
    client = Staying(portal.client())
    assert client.post("/birou/autentificare/", {"username": email, "password": PASSWORD})
    return client


@pytest.fixture
def resita(world):
    with schema_context("resita_t"):
        yield office(world)


@pytest.fixture
def registrar(world, resita):
    return signed_in(world.resita, resita.registrar.email)


def pdf_file(name="scan.pdf", words="Cerere de audienta"):  # Helvetica has no ț
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, words)
    canvas.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def incoming(**overrides):
    data = {
        "channel": "paper",
        "sender_name": "Ion Vasile",
        "sender_reference": "17",
        "sender_date": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "summary": "Cerere privind iluminatul public pe strada Școlii",
        "pages": "2",
        "annexes": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def paper(office, **overrides):
    values = dict(channel="paper", sender_name="Ion Vasile", summary="Sesizare", pages=1)
    values.update(overrides)
    return entry_register_incoming(user=office.registrar, letter=IncomingLetter(**values))


def last_number():
    counter = RegistryCounter.objects.filter(year=timezone.localdate().year).first()
    return counter.last_number if counter else 0


def test_paper_registration_opens_a_case_in_the_departments_inbox_taking_one_number(
    resita, registrar, django_capture_on_commit_callbacks
):
    form = incoming(
        department=str(resita.urbanism.pk),
        citizen_email="ion.vasile@example.org",
        petition="on",
        documents=pdf_file(),
    )
    response = registrar.post(f"{BOOK}intrare/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = RegistryEntry.objects.get()
    assert (entry.number, last_number()) == (1, 1)
    assert (entry.channel, entry.direction, entry.pages, entry.annexes) == ("paper", "in", 2, 1)
    assert entry.registered_by == resita.registrar and entry.department == "Urbanism"
    case = Case.objects.get(entry=entry)
    today = timezone.localdate()
    assert case.status == "registered" and case.department == resita.urbanism
    assert case.due_date == due_date(today, days=30, unit="calendar")
    assert case.extension_days == 15 and len(case.submission_key) == 32
    inbox = inbox_cases(user=resita.clerk, filters=InboxFilters(department_id=resita.urbanism.pk))
    assert list(inbox) == [case]
    assert not inbox_cases(user=resita.other_clerk, filters=InboxFilters()).exists()
    document = Document.objects.get()
    assert (document.entry, document.case, document.content_type) == (
        entry,
        case,
        "application/pdf",
    )
    assert "iluminatul" in entry.search_text and "audienta" in entry.search_text
    assert AuditEvent.objects.filter(
        action="registry.incoming_registered", object_id=str(entry.pk), actor_label__contains="reg"
    ).exists()
    email = Notification.objects.get(channel="email")
    assert email.recipient == "ion.vasile@example.org" and entry.display_number in email.body_text


def test_a_term_given_by_the_registrar_sets_the_due_date(resita, registrar):
    registrar.post(f"{BOOK}intrare/", incoming(department=str(resita.taxes.pk), term_days="10"))
    case = Case.objects.get()
    assert case.due_date == due_date(timezone.localdate(), days=10, unit="calendar")
    assert case.extension_days == 0  # not ticked as a petition


def test_a_document_without_department_is_only_registered(resita, registrar):
    registrar.post(f"{BOOK}intrare/", incoming(channel="post"))
    entry = RegistryEntry.objects.get()
    assert entry.channel == "post" and not Case.objects.exists()


def test_numbering_is_shared_with_online_filings_without_gaps(resita, registrar):
    register()
    registrar.post(f"{BOOK}intrare/", incoming(channel="email"))
    register()
    registrar.post(
        f"{BOOK}iesire/", {"channel": "post", "recipient": "ANAF", "summary": "Adresă", "pages": 1}
    )
    numbers = list(RegistryEntry.objects.order_by("number").values_list("number", "channel"))
    assert numbers == [(1, "online"), (2, "email"), (3, "online"), (4, "post")]
    assert last_number() == 4


def test_an_outgoing_letter_is_linked_to_the_incoming_one(resita, registrar):
    first = paper(resita, file_code="I-4")
    year = timezone.localdate().year
    page = registrar.get(f"{BOOK}iesire/?conexare={first.number}/{year}")
    assert f'value="{first.number}/{year}"' in page.content.decode()
    response = registrar.post(
        f"{BOOK}iesire/",
        {
            "channel": "post",
            "recipient": "Ion Vasile",
            "summary": "Răspuns la sesizare",
            "pages": "1",
            "annexes": "0",
            "linked": f"{first.number}/{year}",
            "documents": pdf_file("raspuns.pdf"),
        },
    )
    assert response.status_code == 302
    letter = RegistryEntry.objects.get(direction="out")
    assert letter.linked_entry == first and letter.number == first.number + 1
    assert letter.dispatch_date == timezone.localdate() and letter.file_code == "I-4"
    assert letter.sender_name == "Municipiul Reșița"
    assert Document.objects.get().entry == letter
    assert AuditEvent.objects.filter(action="registry.outgoing_registered").count() == 1
    book = registrar.get(BOOK).content.decode()
    assert "Răspuns la sesizare" in book and f"{first.number}/{year}" in book


FUTURE = (timezone.localdate() + timedelta(days=3)).isoformat()


@pytest.mark.parametrize(
    ("path", "form", "field", "message"),
    [
        ("intrare/", incoming(sender_name=""), "sender_name", "obligatoriu"),
        ("intrare/", incoming(pages="0"), "pages", "1"),
        ("intrare/", incoming(pages="-3"), "pages", "1"),
        ("intrare/", incoming(sender_date=FUTURE), "sender_date", "viitor"),
        ("intrare/", incoming(sender_date="0001-01-01"), "sender_date", "01.01.1900"),
        (
            "iesire/",
            {
                "channel": "post",
                "recipient": "X",
                "summary": "Y",
                "pages": 1,
                "dispatch_date": "9999-12-31",
            },
            "dispatch_date",
            "o lună",
        ),
        (
            "iesire/",
            {
                "channel": "post",
                "recipient": "X",
                "summary": "Y",
                "pages": 1,
                "dispatch_date": "0001-01-01",
            },
            "dispatch_date",
            "o lună",
        ),
        ("intrare/", incoming(citizen_phone="123"), "citizen_phone", "telefon"),
        ("intrare/", incoming(citizen_phone="0255 212 345"), "citizen_phone", "telefon fix"),
        ("intrare/", incoming(term_days="10"), "department", "compartimentul"),
        (
            "iesire/",
            {"channel": "post", "recipient": "X", "summary": "Y", "pages": 1, "linked": "999/2020"},
            "linked",
            "999/2020",
        ),
        (
            "iesire/",
            {"channel": "post", "recipient": "X", "summary": "Y", "pages": 1, "linked": "abc"},
            "linked",
            "abc",
        ),
    ],
)
def test_bad_input_gets_a_clear_error_and_consumes_no_number(
    resita, registrar, path, form, field, message
):
    response = registrar.post(f"{BOOK}{path}", form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert last_number() == 0 and not RegistryEntry.objects.exists()
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()


def test_a_renamed_file_that_is_no_pdf_is_refused(resita, registrar):
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = registrar.post(f"{BOOK}intrare/", incoming(documents=fake))
    assert response.status_code == 200
    assert "nu este un document acceptat" in " ".join(response.context["form"].errors["documents"])
    assert last_number() == 0 and not Document.objects.exists()


def test_only_the_registratura_and_administrators_keep_the_book(world, resita):
    clerk = signed_in(world.resita, resita.clerk.email)
    head = signed_in(world.resita, resita.head.email)
    for path in ("", "intrare/", "iesire/", "export.csv", "export.pdf"):
        assert clerk.get(f"{BOOK}{path}").status_code == 403
        assert head.get(f"{BOOK}{path}").status_code == 403
        anonymous = Staying(world.resita.client()).get(f"{BOOK}{path}")
        assert anonymous.status_code == 302 and "autentificare" in anonymous["Location"]
        assert Staying(world.county_client()).get(f"{BOOK}{path}").status_code == 404
    assert clerk.post(f"{BOOK}intrare/", incoming()).status_code == 403
    assert last_number() == 0
    admin = signed_in(world.resita, world.resita.admin_email)
    assert admin.get(BOOK).status_code == 200


def test_caransebes_sees_nothing_of_resitas_entries(world, resita):
    paper(resita, sender_name="Expeditor Reșițean Unic", summary="Secret de Reșița")
    admin = signed_in(world.caransebes, world.caransebes.admin_email)
    book = admin.get(BOOK)
    assert book.status_code == 200 and "Reșițean" not in book.content.decode()
    exported = b"".join(admin.get(f"{BOOK}export.csv").streaming_content).decode("utf-8-sig")
    assert "Reșițean" not in exported and len(exported.splitlines()) == 1
    found = admin.get(f"{BOOK}?q=resitean").content.decode()
    assert "Reșițean" not in found


def test_the_book_filters_by_direction_channel_and_search(resita, registrar):
    paper(resita, sender_name="Ana Pădure", summary="Cerere ŞCOALĂ cu sedilă")
    paper(resita, sender_name="Mihai Lungu", summary="Altceva", channel="email")
    assert "Pădure" in registrar.get(f"{BOOK}?q=scoala").content.decode()
    assert "Lungu" not in registrar.get(f"{BOOK}?q=școală").content.decode()
    assert "Pădure" not in registrar.get(f"{BOOK}?channel=email").content.decode()
    assert "Lungu" not in registrar.get(f"{BOOK}?direction=out").content.decode()
    old = (timezone.localdate() - timedelta(days=400)).isoformat()
    assert "Pădure" not in registrar.get(f"{BOOK}?start={old}&end={old}").content.decode()


def test_the_book_page_takes_a_bounded_number_of_queries(
    resita, registrar, django_assert_max_num_queries
):
    first = paper(resita, department=resita.urbanism)
    for n in range(60):
        paper(resita, sender_name=f"Emitent {n}", department=resita.taxes if n % 2 else None)
    from dms.registry.services import OutgoingLetter, entry_register_outgoing

    entry_register_outgoing(
        user=resita.registrar,
        letter=OutgoingLetter(channel="post", recipient="X", summary="R", linked=f"{first.number}"),
        sender="Reșița",
    )
    with django_assert_max_num_queries(8):
        page = registrar.get(BOOK)
    assert page.status_code == 200 and "Emitent 59" in page.content.decode()
    older = re.search(r'href="\?dupa=([\d.]+)"', page.content.decode()).group(1)
    with django_assert_max_num_queries(8):
        assert registrar.get(f"{BOOK}?dupa={older}").status_code == 200
    with django_assert_max_num_queries(8):
        assert "Emitent 0<" in registrar.get(f"{BOOK}?ultima=1").content.decode()


def _numbers_on(page) -> list[int]:
    return [int(n) for n in re.findall(r'<th scope="row">(\d+)/\d{4}</th>', page)]


def test_the_book_pages_by_keyset_every_row_once_while_rows_are_added(
    resita, registrar, monkeypatch
):
    """A registrar walking the book to its oldest page while the counter keeps registering
    sees every line that was there once, in order, whatever arrives meanwhile (OFFSET pages
    shifted under them: a line added on top pushed one row onto the next page twice)."""
    from dms.registry import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    there = [paper(resita, sender_name=f"Emitent {n}").number for n in range(10)]
    seen, url, pages = [], BOOK, 0
    while url:
        page = registrar.get(url).content.decode()
        seen += _numbers_on(page)
        paper(resita, sender_name="Sosită între timp")  # on top, newer than every page
        older = re.search(r'href="\?dupa=([\d.]+)"', page)
        url = f"{BOOK}?dupa={older.group(1)}" if older else ""
        pages += 1
    assert seen == sorted(there, reverse=True) and pages == 4
    # Back from the oldest page, page by page, to the newest: the lines added meanwhile too.
    url, back = f"{BOOK}?ultima=1", []
    while url:
        page = registrar.get(url).content.decode()
        back = _numbers_on(page) + back
        newer = re.search(r'href="\?inainte=([\d.]+)"', page)
        url = f"{BOOK}?inainte={newer.group(1)}" if newer else ""
    assert back == sorted(there + list(range(11, 15)), reverse=True)


@pytest.mark.parametrize("cursor", ["x", "1.", ".5", "99999999999999999999999.1", "5.0", "-1.-1"])
def test_a_hand_edited_book_cursor_shows_the_first_page(resita, registrar, cursor):
    paper(resita, sender_name="Emitent unic")
    for name in ("dupa", "inainte"):
        page = registrar.get(f"{BOOK}?{name}={cursor}")
        assert page.status_code == 200 and "Emitent unic" in page.content.decode()


def test_the_csv_keeps_the_columns_and_the_romanian_letters_as_typed(resita, registrar):
    paper(
        resita,
        sender_name="Asociația Şcoala Ţării",  # cedilla forms, as an old system typed them
        summary="Școala Țării; „ghilimele”, virgulă",  # comma-below forms
        sender_reference="12/A",
        department=resita.urbanism,
    )
    response = registrar.get(f"{BOOK}export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "număr",
        "data înregistrării",
        "direcție",
        "mod de primire",
        "nr. și data documentului emitentului",
        "emitent",
        "conținut pe scurt",
        "nr. file",
        "anexe",
        "compartiment",
        "rezoluție",
        "data expedierii",
        "destinatar",
        "nr. de conexare",
        "indicativ dosar",
    ]
    assert rows[1][0] == "1" and rows[1][5] == "Asociația Şcoala Ţării"
    assert rows[1][6] == "Școala Țării; „ghilimele”, virgulă" and rows[1][9] == "Urbanism"
    assert "\u015e" in rows[1][5] and "\u0162" in rows[1][5]  # Ş Ţ (cedilla) kept
    assert "\u0218" in rows[1][6] and "\u021a" in rows[1][6]  # Ș Ț (comma below) kept
    assert rows[1][4] == "12/A" and rows[1][3] == "la ghișeu, pe hârtie"
    event = AuditEvent.objects.get(action="registry.exported")
    assert event.data["format"] == "csv" and event.data["rows"] == 1
    assert event.actor_label == resita.registrar.email


def test_the_pdf_lists_the_entries_of_the_period(resita, registrar):
    entries = [paper(resita, sender_name=f"Emitent {n}", summary="Ș" * 300) for n in range(45)]
    response = registrar.get(f"{BOOK}export.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert len(reader.pages) > 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape
    pages = [page.extract_text() for page in reader.pages]
    content = "\n".join(pages)
    assert "Municipiul Reșița" in content and "Pagina 2" in content
    assert all("conținut pe scurt" in page for page in pages)  # the header on every page
    for entry in entries:
        assert f"Emitent {entry.number - 1}" in content
    assert AuditEvent.objects.get(action="registry.exported").data["format"] == "pdf"


def test_an_empty_period_still_gives_a_pdf(resita, registrar):
    response = registrar.get(f"{BOOK}export.pdf?start=2020-01-01&end=2020-12-31")
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert "Nicio înregistrare" in text


def test_a_period_over_a_year_is_refused_with_a_clear_message(resita, registrar):
    for path in ("export.csv", "export.pdf"):
        response = registrar.get(f"{BOOK}{path}?start=2025-01-01&end=2026-01-01")
        assert response.status_code == 400
        assert "cel mult un an" in response.content.decode()
    reversed_period = registrar.get(f"{BOOK}export.csv?start=2025-02-01&end=2025-01-01")
    assert reversed_period.status_code == 400
    assert not AuditEvent.objects.filter(action="registry.exported").exists()
    ok = registrar.get(f"{BOOK}export.csv?start=2025-01-01&end=2025-12-31")
    assert ok.status_code == 200


def test_a_pdf_too_long_to_print_points_to_the_csv(resita, registrar, monkeypatch):
    monkeypatch.setattr("dms.registry.views.PDF_MAX_ROWS", 1)
    paper(resita)
    paper(resita)
    response = registrar.get(f"{BOOK}export.pdf")
    assert response.status_code == 400
    assert "Perioada are 2 înregistrări; PDF-ul cuprinde cel mult 1." in response.content.decode()


@pytest.mark.parametrize("query", ["start=9999-12-15", "end=9999-12-31", "start=0001-01-01"])
@pytest.mark.parametrize("path", ["", "export.csv", "export.pdf"])
def test_dates_far_outside_any_registry_are_refused_not_crashed_on(registrar, path, query):
    response = registrar.get(f"/birou/registratura/{path}?{query}")
    assert response.status_code in {200, 400}
    if path == "":
        assert "Alegeți o dată între 1990 și anul viitor." in response.content.decode()
