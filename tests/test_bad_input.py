"""The catalogue of bad input: what an attacker, a confused citizen or a hand-edited link sends to
the citizen's form, the code step, tracking, the staff's forms, the API and the HTTP layer.

Every kind gets a 4xx or a localized error next to the field it concerns (in Romanian: no
English message of Django's shows through), never a 500, and changes nothing: the catalogue
runs on one world, and the request filed after the last kind gets the very next registry
number, so not one of them consumed a number.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from dms.cases import actions as case_actions
from dms.cases.tests.test_inbox import StaffClient, signed_in
from dms.documents.files import CheckedFile
from dms.documents.services import document_add
from dms.models import Department, RegistryCounter, RegistryEntry
from dms.tests.factories import office, register
from services_catalog.tests.test_submission import PDF, VALID, emailed_code

pytestmark = pytest.mark.django_db
EXE = b"MZ\x90\x00\x03\x00\x00\x00 a windows program"
# Django's English messages, which must never reach a Romanian page.
ENGLISH = ("This field", "Enter a", "Ensure this", "Select a valid", "The submitted file")


@dataclass
class Scene:
    """The world the catalogue attacks: Reșița's staff, a case waiting for the citizen (with
    a document), another case with a document of its own, and clients for each role."""

    world: Any
    staff: Any
    waiting: Any
    other_document_id: int
    department_id: int
    registrar: StaffClient
    admin: StaffClient
    mailoutbox: list[Any]

    def citizen(self) -> Client:
        return self.world.resita.client()

    def pending(self, email: str = "cod@example.org") -> Client:
        """A citizen's client with a submission waiting for its e-mail code."""
        client = self.citizen()
        version = form_version(client, "petitie")
        response = client.post(
            "/servicii/petitie/cerere/", {**VALID, "email": email, "version": version}
        )
        assert response.status_code == 302, "the pending submission was not started"
        return client

    def paths(self) -> dict[str, Any]:
        return {
            "token": self.waiting.tracking_token,
            "case": self.waiting.pk,
            "other_document": self.other_document_id,
            "department": self.department_id,
            "clerk": self.staff.clerk.pk,
        }


@dataclass(frozen=True)
class Bad:
    kind: str  # what is tried, as a sentence
    path: str  # with {token}, {case}, {other_document}, {department}, {clerk} filled in
    method: str = "post"
    data: dict[str, Any] | Callable[[Scene], dict[str, Any]] = field(default_factory=dict)
    who: str = "citizen"  # citizen, pending, registrar, admin, anonymous API, county
    status: int = 200
    says: str = ""  # the localized message (or the field's label in the error summary)
    follow: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    form: str = ""  # the service whose form version to add to data
    before: Callable[[Scene, Any], None] | None = None
    content_type: str = ""  # a body of this type (JSON) instead of a form


def form_version(client: Client, code: str) -> str:
    page = client.get(f"/servicii/{code}/cerere/").content.decode()
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def pdf(name: str = "act.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def petition(**changes: Any) -> Callable[[Scene], dict[str, Any]]:
    return lambda scene: {**VALID, **changes}


DECLARATION = {
    **VALID,
    "cnp": "1960101123456",
    "property_address": "Str. Nouă 2, Reșița",
    "acquired_on": "2020-05-04",
}
CERTIFICATE = {**VALID, "cnp": "1960101123456", "purpose": "Vânzare"}
DECL = {"service": "declaratie-cladiri"}
CERT = {"service": "certificat-fiscal"}


INCOMING_LETTER = {
    "channel": "paper",
    "sender_name": "Ion Ionescu",
    "summary": "Cerere",
    "pages": "1",
    "annexes": "0",
}
OUTGOING_LETTER = {
    "channel": "post",
    "recipient": "Ion Ionescu",
    "summary": "Răspuns",
    "pages": "1",
}


def expire_codes(scene: Scene, monkeypatch: Any) -> None:
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)


APPLY = "/servicii/petitie/cerere/"
CONFIRM = "/servicii/petitie/confirmare/"
DECLARE = "/servicii/declaratie-cladiri/cerere/"
CERTIFY = "/servicii/certificat-fiscal/cerere/"
INCOMING = "/birou/registratura/intrare/"
OUTGOING = "/birou/registratura/iesire/"
BOOK = "/birou/registratura/"
FAR = "99999999999999999999"
JSON = "application/json"
NOTE = "/birou/dosare/{case}/actiuni/note/"
LINKED = "Nr. de conexare (intrarea la care se răspunde): "
# Files are made when sent: an upload is read once.
BIG = lambda: pdf("mare.pdf", PDF + b"0" * (10 * 1_048_576 + 10))  # noqa: E731
ELEVEN = lambda: [pdf(f"f{n}.pdf") for n in range(11)]  # noqa: E731


def filed(kind: str, says: str, *, service: str = "petitie", **answers: Any) -> Bad:
    """A filing of ``service`` with these answers changed, refused with ``says``."""
    base = {"petitie": VALID, "declaratie-cladiri": DECLARATION, "certificat-fiscal": CERTIFICATE}
    return Bad(
        kind,
        f"/servicii/{service}/cerere/",
        data=lambda scene: {
            **base[service],
            **{name: value() if callable(value) else value for name, value in answers.items()},
        },
        form=service,
        says=says,
    )


def code(kind: str, typed: str, says: str = "Codul nu este corect") -> Bad:
    return Bad(kind, CONFIRM, who="pending", data={"cod": typed}, says=says)


def letter(kind: str, path: str, says: str, **fields: Any) -> Bad:
    """A registrar's incoming or outgoing letter with these fields changed."""
    base = INCOMING_LETTER if path == INCOMING else OUTGOING_LETTER
    return Bad(kind, path, who="registrar", data={**base, **fields}, says=says)


def missing(kind: str, path: str, *, who: str = "citizen", method: str = "get") -> Bad:
    return Bad(kind, path, method=method, who=who, status=404)


REQUIRED = "Nume și prenume: Acest câmp este obligatoriu."
# One kind a line, as a table reads best (the formatter would spread each over five).
# fmt: off
NEXT_YEAR = date.today().year + 1
CATALOGUE = [
    # The citizen's form.
    filed("a missing name", REQUIRED, full_name=""),
    filed("a name of control characters", REQUIRED, full_name="\x01\x02\x7f"),
    filed("a name of zero-width and bidi characters", REQUIRED, full_name="\u200b\u202e\u2066"),
    filed("a name of NUL characters", REQUIRED, full_name="\x00\x00"),
    filed("a name longer than the form allows", "Nume și prenume: ", full_name="A" * 151),
    filed("an e-mail address that is not one", "E-mail: ", email="nu-e-email"),
    filed("an e-mail address carrying a header", "E-mail: ", email="a@example.org\r\nBcc: x@y.ro"),
    filed("an e-mail address of 300 characters", "E-mail: ", email="a" * 290 + "@example.org"),
    filed("a phone number too short", "Telefon mobil: ", phone="12345"),
    filed("a phone number of letters", "Telefon mobil: ", phone="abc-def-ghi"),
    filed("a landline for the SMS confirmation", "Telefon mobil: ", phone="0255 212 345"),
    filed("a premium-rate number for the SMS confirmation", "Telefon mobil: ",
          phone="0900 123 456"),
    filed("a text longer than 5000 characters", "Conținutul petiției: ", content="x" * 5001),
    filed("a form version that is not a number", "nu a putut fi verificat", version="abc"),
    filed("a form version that does not exist", "a fost actualizat între timp", version="999"),
    filed("a program renamed .pdf", "nu este un document acceptat", attachments=lambda: pdf("a.pdf", EXE)),
    filed("a file over the form's size", "se acceptă cel mult 10 MB", attachments=BIG),
    filed("more files than the field takes", "Documente anexate: ", attachments=ELEVEN),
    filed("an empty file", "Documente anexate: ", attachments=lambda: pdf("gol.pdf", b"")),
    filed("a CNP with a wrong check digit", "CNP-ul nu este valid", **CERT, cnp="1960101123451"),
    filed("a CNP of letters", "CNP: ", **CERT, cnp="abcdefghijklm"),
    filed("a date on 31.12.9999", "Data nu poate fi în viitor.", **DECL, acquired_on="9999-12-31"),
    filed("a date on 01.01.0001", "Alegeți o dată între", **DECL, acquired_on="0001-01-01"),
    filed("a house acquired next year", "Data nu poate fi în viitor.", **DECL,
          acquired_on=f"{NEXT_YEAR}-06-01"),
    filed("a date that does not exist", "Data dobândirii: ", **DECL, acquired_on="2026-02-31"),
    filed("a date that is not a date", "Data dobândirii: ", **DECL, acquired_on="ieri"),
    missing("the form of a service that does not exist", "/servicii/nu-exista/cerere/"),
    missing("a filing for a service that does not exist", "/servicii/nu-exista/cerere/",
            method="post"),
    Bad("a PUT to the form", APPLY, method="put", status=405),
    # The e-mail code step.
    code("a wrong code", "000001"),
    code("a code of letters", "abcdef"),
    code("a code of 10,000 characters", "9" * 10_000),
    code("a code with NUL characters", "\x00" * 6),
    Bad("a code without a submission", CONFIRM, data={"cod": "123456"}, follow=True,
        says="Completați formularul pentru a trimite cererea."),
    Bad("a code sent to another service's step", "/servicii/sesizare/confirmare/",
        who="pending", data={"cod": "123456"}, follow=True,
        says="Completați formularul pentru a trimite cererea."),
    missing("a code for a service that does not exist", "/servicii/nu-exista/confirmare/",
            who="pending", method="post"),
    Bad("an expired code", CONFIRM, who="pending", data={"cod": "123456"}, follow=True,
        before=expire_codes, says="Codul a expirat"),
    # Tracking.
    missing("a tracking link that does not exist", "/cerere/nu-exista-deloc/"),
    missing("a tracking link of 2,000 characters", "/cerere/" + "a" * 2000 + "/"),
    missing("a tracking link with a bidi control", "/cerere/%E2%80%AEabc/"),
    missing("another case's document through this link",
            "/cerere/{token}/documente/{other_document}/"),
    missing("a document number past any integer", "/cerere/{token}/documente/" + FAR + "/"),
    missing("the receipt of a link that does not exist", "/cerere/nu-exista/recipisa.pdf"),
    Bad("an empty reply", "/cerere/{token}/", data={"message": "   "},
        says="Scrieți un răspuns sau atașați un document."),
    Bad("a reply with a program attached", "/cerere/{token}/",
        data=lambda scene: {"message": "Anexez", "documents": pdf("schita.pdf", EXE)},
        says="nu este un document acceptat"),
    Bad("a reply of 5,001 characters", "/cerere/{token}/", data={"message": "x" * 5001},
        says="Răspunsul dvs.: "),
    # My requests.
    Bad("my requests for an address that is not one", "/cererile-mele/",
        data={"step": "email", "email": "nu-e-email"},
        says="Adresa de e-mail folosită în cereri: "),
    Bad("my requests' code without asking for one", "/cererile-mele/",
        data={"step": "code", "cod": "123456"}, says="Cereți mai întâi un cod"),
    # The registry (a registrar).
    letter("an incoming letter dated 01.01.0001", INCOMING, "Data documentului la emitent: ",
           sender_date="0001-01-01"),
    letter("an incoming letter dated next year", INCOMING, "Data documentului la emitent: ",
           sender_date=f"{NEXT_YEAR}-01-01"),
    letter("an incoming letter of no pages", INCOMING, "Număr de file: ", pages="0"),
    letter("an incoming letter of more pages than a number holds", INCOMING, "Număr de file: ",
           pages=FAR),
    letter("an incoming letter without a summary", INCOMING, "Conținut pe scurt: ", summary=""),
    letter("an incoming letter by a channel the registry does not take", INCOMING,
           "Mod de primire / expediere: ", channel="online"),
    letter("an incoming letter for a department that does not exist", INCOMING,
           "Compartiment: ", department="999999"),
    letter("an incoming letter with a term of 366 days", INCOMING,
           "Termen de soluționare (zile calendaristice): ", department="{department}",
           term_days="366"),
    letter("an incoming letter with a phone that is not one", INCOMING,
           "Telefonul petentului: ", citizen_phone="abc"),
    letter("an outgoing letter sent on 31.12.9999", OUTGOING, "Data expedierii: ",
           dispatch_date="9999-12-31"),
    letter("an outgoing letter sent on 01.01.0001", OUTGOING, "Data expedierii: ",
           dispatch_date="0001-01-01"),
    letter("an outgoing letter answering an entry that does not exist", OUTGOING, LINKED,
           linked="99999/2026"),
    letter("an outgoing letter answering an entry written as words", OUTGOING, LINKED,
           linked="doisprezece"),
    letter("an outgoing letter to nobody", OUTGOING, "Destinatar: ", recipient=""),
    Bad("a registry period that ends before it starts", BOOK, method="get", who="registrar",
        data={"start": "2026-12-01", "end": "2026-01-01"}, says="Până la: "),
    Bad("a registry period from the year 1", BOOK, method="get", who="registrar",
        data={"start": "0001-01-01"}, says="De la: Alegeți o dată între 1990"),
    Bad("a registry period of more than a year", BOOK, method="get", who="registrar",
        data={"start": "2024-01-01", "end": "2026-01-01"}, says="Până la: "),
    # The case page and the departments.
    missing("a case number past any integer", "/birou/dosare/" + FAR + "/", who="registrar"),
    missing("an action that does not exist", "/birou/dosare/{case}/actiuni/zboara/",
            who="registrar", method="post"),
    Bad("an action on a page seen before someone else's change", NOTE, who="registrar",
        data={"note-revision": "1", "note-text": "Notă"}, follow=True,
        says="modificată între timp"),
    Bad("an action with a revision past any integer", NOTE, who="registrar",
        data={"note-revision": FAR, "note-text": "Notă"}, follow=True,
        says="Formularul nu mai este valabil."),
    Bad("removing a department member who does not exist",
        "/birou/compartimente/{department}/membri/987654/eliminare/", who="admin",
        says="nu (mai) lucrează în compartimentul"),
    Bad("adding a department member who does not exist",
        "/birou/compartimente/{department}/membri/", who="admin", data={"user": "987654"},
        says="Adăugați un membru: "),
    missing("a department that does not exist", "/birou/compartimente/" + FAR + "/", who="admin"),
    Bad("a search with a NUL character in it", "/", method="get", data={"q": "zz\x00zz"},
        says="Niciun serviciu nu se potrivește cu „zzzz”"),
    # The API.
    Bad("an API page size past any integer", "/api/v1/uat/", method="get", who="county",
        data={"limit": "9223372036854775808"}, status=400, says="limit"),
    Bad("an API page size that is not a number", "/api/v1/uat/", method="get", who="county",
        data={"limit": "abc"}, status=400, says="limit"),
    Bad("a negative API offset", "/api/v1/uat/", method="get", who="county",
        data={"offset": "-1"}, status=400, says="offset"),
    Bad("writing to the read-only directory API", "/api/v1/uat/", who="county", status=405),
    missing("an API path that does not exist", "/api/v1/nu-exista/", who="county"),
    Bad("an SMS receipt that is not signed", "/api/v1/receipts/sms/", who="county",
        data={"id": "x", "status": "delivered"}, content_type=JSON, status=403),
    Bad("an SMS receipt that is not JSON", "/api/v1/receipts/sms/", who="county",
        data={"id": "x"}, status=415),
    Bad("an SES event without an SNS signature", "/api/v1/receipts/ses/", who="county",
        data={"Type": "Notification"}, content_type=JSON, status=403),
    # The HTTP layer.
    Bad("a host the platform does not serve", "/", method="get", status=404,
        headers={"HTTP_HOST": "nu-exista.localhost"}),
    Bad("a host that is not a host name", "/", method="get", status=400,
        headers={"HTTP_HOST": "a..b.localhost"}),
    Bad("a host with a port past any port", "/", method="get", status=400,
        headers={"HTTP_HOST": "resita-t.localhost:99999999"}),
    Bad("a DELETE on the portal", "/", method="delete", status=405),
    Bad("a form post without its CSRF token", APPLY, who="csrf", data=petition(),
        form="petitie", status=403),
    Bad("more form fields than any form has", APPLY, status=400,
        data=lambda scene: {f"f{n}": "x" for n in range(1100)}),
    missing("a path climbing out of the static files", "/static/../manage.py"),
]
# fmt: on


def _fill(value: Any, scene: Scene) -> Any:
    if isinstance(value, str) and "{" in value:
        return value.format(**scene.paths())
    return value


def attack(bad: Bad, scene: Scene, monkeypatch: Any) -> Any:
    clients = {
        "citizen": scene.citizen,
        "pending": scene.pending,
        "registrar": lambda: scene.registrar,
        "admin": lambda: scene.admin,
        "county": scene.world.county_client,
        "csrf": lambda: Client(HTTP_HOST=scene.world.resita.host, enforce_csrf_checks=True),
    }
    client = clients[bad.who]()
    if bad.before is not None:
        bad.before(scene, monkeypatch)
    data = bad.data(scene) if callable(bad.data) else dict(bad.data)
    data = {name: _fill(value, scene) for name, value in data.items()}
    if bad.form and "version" not in data:
        data["version"] = form_version(scene.citizen(), bad.form)
    path = _fill(bad.path, scene)
    send = getattr(client, bad.method)
    kwargs: dict[str, Any] = {"follow": bad.follow, **bad.headers}
    if bad.content_type == JSON:
        return send(path, json.dumps(data), content_type=JSON, **kwargs)
    if bad.method in {"get", "delete"} or not data:
        return send(path, data or None, **kwargs) if bad.method == "get" else send(path, **kwargs)
    return send(path, data, **kwargs)


def problems_with(bad: Bad, response: Any) -> list[str]:
    found = []
    if response.status_code != bad.status:
        found.append(f"status {response.status_code}, not {bad.status}")
    body = response.content.decode(errors="replace") if not response.streaming else ""
    if bad.says and bad.says not in body:
        found.append(f"no “{bad.says}”")
    found += [f"English “{english}”" for english in ENGLISH if english in body]
    return found


def numbers_taken() -> tuple[int, int]:
    with schema_context("resita_t"):
        counter = RegistryCounter.objects.filter(year=timezone.localdate().year).first()
        return (counter.last_number if counter else 0), RegistryEntry.objects.count()


@pytest.fixture
def scene(world, mailoutbox, settings) -> Scene:
    settings.PORTAL_CODES_PER_ADDRESS_PER_HOUR = settings.PORTAL_CODES_PER_CLIENT_PER_HOUR = 1000
    with schema_context("resita_t"):
        staff = office(world)
        waiting = register(department="Urbanism")
        case_actions.case_assign(
            case_id=waiting.pk, user=staff.head, revision=None, assignee=staff.clerk
        )
        case_actions.case_request_clarification(
            case_id=waiting.pk, user=staff.clerk, revision=None, message="Trimiteți schița."
        )
        # Two more revisions: a page showing revision 1 is stale.
        case_actions.case_note(case_id=waiting.pk, user=staff.clerk, revision=None, text="Văzut.")
        other = register(department="Urbanism")
        checked = CheckedFile(
            name="plan.pdf", content=PDF, content_type="application/pdf", extension="pdf"
        )
        document = document_add(checked=checked, kind="attachment", user=None, case=other)
        department = Department.objects.get(name="Urbanism")
    return Scene(
        world=world,
        staff=staff,
        waiting=waiting,
        other_document_id=document.pk,
        department_id=department.pk,
        registrar=signed_in(world, staff.registrar),
        admin=signed_in(world, staff.admin),
        mailoutbox=mailoutbox,
    )


def test_the_catalogue_has_at_least_sixty_kinds_of_bad_input_across_every_layer():
    assert len(CATALOGUE) >= 60
    assert len({bad.kind for bad in CATALOGUE}) == len(CATALOGUE)
    layers = {bad.who for bad in CATALOGUE} | {bad.path.split("/")[1] for bad in CATALOGUE}
    assert {"pending", "registrar", "admin", "county", "servicii", "cerere", "api"} <= layers


def test_every_kind_of_bad_input_gets_a_4xx_or_a_localized_error_and_consumes_no_number(
    scene, monkeypatch, django_capture_on_commit_callbacks
):
    before = numbers_taken()
    failures = {}
    for bad in CATALOGUE:
        with monkeypatch.context() as patched:
            response = attack(bad, scene, patched)
        found = problems_with(bad, response)
        if numbers_taken() != before:
            found.append(f"registry numbers went from {before} to {numbers_taken()}")
            before = numbers_taken()
        if found:
            failures[bad.kind] = found
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())

    # The request filed after the whole catalogue takes the very next number.
    with django_capture_on_commit_callbacks(execute=True):
        client = scene.pending("next@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(CONFIRM, {"cod": emailed_code(scene.mailoutbox)})
    assert done.status_code == 302
    with schema_context("resita_t"):
        latest = RegistryEntry.objects.order_by("-number").first()
    assert latest.number == before[0] + 1
