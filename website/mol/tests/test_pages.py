"""The MOL's public pages and the secretary's: readable addresses, only published acts,
diacritic-blind search, valid Atom, another UAT's act nowhere, clerks kept out."""

from __future__ import annotations

from datetime import date

import feedparser
import pytest
from django_tenants.utils import schema_context

from ghiseu.audit.models import AuditEvent
from website.models import Act
from website.mol.services import act_relation_add
from website.tests.helpers import pdf_upload, register_act, secretary, signed_in, staff_member

pytestmark = pytest.mark.django_db


def test_a_published_act_has_a_readable_address_with_its_pdf_and_links_both_ways(world):
    with schema_context("resita_t"):
        old = register_act(title="privind taxele locale pe anul 2026")
        new = register_act(title="privind modificarea taxelor locale")
        act_relation_add(
            user=None,
            act_id=new.pk,
            kind="amends",
            target_section="hotarari",
            target_reference="1/2026",
        )
        main = old.files.get()
    client = world.resita.client()
    page = client.get("/mol/hotarari/2026/1/")
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "Hotărârea nr. 1/2026" in html
        and "Modificat de" in html
        and "/mol/hotarari/2026/2/" in html
    )
    assert 'name="description"' in html
    assert "Modifică" in client.get("/mol/hotarari/2026/2/").content.decode()
    pdf = client.get(f"/mol/hotarari/2026/1/fisiere/{main.pk}/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_an_unpublished_act_and_absurd_addresses_are_404(world):
    with schema_context("resita_t"):
        draft = register_act(publish=False)
        file_id = draft.files.get().pk
    client = world.resita.client()
    for url in [
        "/mol/hotarari/2026/1/",
        f"/mol/hotarari/2026/1/fisiere/{file_id}/",
        "/mol/nu-exista/",
        "/mol/hotarari/2026/99999999999999999999/",
        "/mol/hotarari/99999/1/",
        "/mol/hotarari/2026/1/fisiere/99999999999999999999999/",
    ]:
        assert client.get(url).status_code == 404, url


def test_another_uats_act_is_not_found_on_this_portal(world):
    with schema_context("caransebes_t"):
        act = register_act(title="privind iluminatul public din Caransebeș")
        file_id = act.files.get().pk
    client = world.resita.client()
    assert client.get("/mol/hotarari/2026/1/").status_code == 404
    assert "Caransebeș" not in client.get("/mol/?q=iluminatul").content.decode()
    with schema_context("resita_t"):
        secretary()
    secretary_client = signed_in(world.resita, "secretar@resita-t.example.org")
    assert secretary_client.get(f"/birou/mol/{act.pk}/").status_code == 404
    assert secretary_client.get(f"/birou/mol/{act.pk}/fisiere/{file_id}/").status_code == 404


def test_search_finds_acts_without_diacritics_and_in_cedilla_form(
    world, django_assert_max_num_queries
):
    with schema_context("resita_t"):
        register_act(
            title="privind înființarea Serviciului de pază și ordine",
            text_="Se aprobă organigrama serviciului și statul de funcții.",
        )
        register_act(title="privind iluminatul public")
    client = world.resita.client()
    for query in [
        "infiintarea serviciului",
        "înființarea",
        "înfiinţarea",
        "organigrama",
        "statul de functii",
    ]:
        with django_assert_max_num_queries(8):
            html = client.get("/mol/", {"q": query}).content.decode()
        assert "pază și ordine" in html and "iluminatul" not in html, query
    html = client.get(
        "/mol/hotarari/", {"q": "ILUMINATUL", "an": "2026", "tip": "normative"}
    ).content.decode()
    assert "1 act" in html and "iluminatul public" in html
    for params in [{"q": "%00"}, {"q": "a\x00b"}, {"an": "abcd"}, {"pagina": "-1"}, {"tip": "x"}]:
        assert client.get("/mol/hotarari/", params).status_code == 200


def test_the_section_list_has_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    with schema_context("resita_t"):
        for n in range(12):
            register_act(title=f"privind actul {n}")
    with django_assert_max_num_queries(8):
        assert world.resita.client().get("/mol/hotarari/").status_code == 200


def test_each_section_has_an_atom_feed_a_parser_accepts(world):
    with schema_context("resita_t"):
        register_act(title="privind bugetul local")
        register_act(title="privind un proiect nepublicat", publish=False)
    response = world.resita.client().get("/mol/hotarari/atom.xml")
    assert response.status_code == 200 and "atom" in response["Content-Type"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == [
        "Hotărârea nr. 1/2026: privind bugetul local"
    ]
    assert feed.entries[0].link.endswith("/mol/hotarari/2026/1/")
    assert world.resita.client().get("/mol/nimic/atom.xml").status_code == 404


def test_the_secretary_registers_a_decision_and_sees_its_prefect_deadline(world):
    with schema_context("resita_t"):
        secretary()
    client = signed_in(world.resita, "secretar@resita-t.example.org")
    response = client.post(
        "/birou/mol/nou/",
        {
            "section": "hotarari",
            "adopted_on": "2026-11-23",
            "title": "privind aprobarea bugetului local pe anul 2027",
            "kind": "normative",
            "pdf": pdf_upload("Hotărârea nr. 1/2026", "Se aprobă bugetul local."),
            "publish": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Hotărârea nr. 1/2026" in page and "09.12.2026" in page
    assert "nesemnat electronic" in page
    assert world.resita.client().get("/mol/hotarari/2026/1/").status_code == 200
    with schema_context("resita_t"):
        act = Act.objects.get()
        assert AuditEvent.objects.filter(action="mol.act_published", object_id=str(act.pk)).exists()
    listing = client.get("/birou/mol/").content.decode()
    assert "de comunicat prefectului" in listing or "termen depășit" in listing


def test_bad_registrations_show_field_errors_and_register_nothing(world):
    with schema_context("resita_t"):
        secretary()
        register_act()
    client = signed_in(world.resita, "secretar@resita-t.example.org")
    base = {"section": "hotarari", "adopted_on": "2026-11-23", "title": "x", "kind": "normative"}
    cases = [
        ({**base, "number": "1"}, "este deja înregistrat"),
        ({**base, "adopted_on": "2999-01-01"}, "nu poate fi în viitor"),
        ({**base, "adopted_on": "1989-01-01"}, "înainte de 01.01.1990"),
        ({**base, "adopted_on": "31.02.2026"}, "dată validă"),
        ({**base, "section": "<script>"}, "valid"),
    ]
    for data, message in cases:
        response = client.post("/birou/mol/nou/", {**data, "pdf": pdf_upload()})
        assert response.status_code == 400 and message in response.content.decode(), data
    not_pdf = client.post(
        "/birou/mol/nou/",
        {**base, "pdf": pdf_upload(name="a.pdf").__class__("a.pdf", b"GIF89a", "application/pdf")},
    )
    assert not_pdf.status_code == 400 and "nu este un document acceptat" in not_pdf.content.decode()
    with schema_context("resita_t"):
        assert Act.objects.count() == 1


def test_a_clerk_and_a_registrar_cannot_edit_the_mol(world):
    with schema_context("resita_t"):
        act = register_act(publish=False)
        staff_member("registrar", "registratura@resita-t.example.org")
    for email in [world.resita.clerk_email, "registratura@resita-t.example.org"]:
        client = signed_in(world.resita, email)
        assert client.get("/birou/mol/").status_code == 403
        assert client.post(f"/birou/mol/{act.pk}/publicare/", {"publish": "1"}).status_code == 403
        assert client.post("/birou/mol/nou/", {"section": "hotarari"}).status_code == 403
    assert world.resita.client().get("/birou/mol/").status_code == 302  # sign in first
    with schema_context("resita_t"):
        assert Act.objects.get().published_at is None
    admin = signed_in(world.resita, world.resita.admin_email)
    assert admin.post(f"/birou/mol/{act.pk}/publicare/", {"publish": "1"}).status_code == 302


def test_the_secretary_records_the_communication_annexes_and_links(world):
    with schema_context("resita_t"):
        secretary()
        act = register_act(adopted_on=date(2026, 11, 23))
        register_act(title="privind altceva")
    client = signed_in(world.resita, "secretar@resita-t.example.org")
    url = f"/birou/mol/{act.pk}/"
    assert client.post(url + "comunicare/", {"communicated_on": "2026-11-20"}).status_code == 400
    assert client.post(url + "comunicare/", {"communicated_on": "2026-11-26"}).status_code == 302
    assert (
        client.post(url + "anexe/", {"title": "Bugetul", "pdf": pdf_upload("Anexa 1")}).status_code
        == 302
    )
    bad_link = client.post(
        url + "legaturi/",
        {"kind": "repeals", "target_section": "hotarari", "target_reference": "1/2026"},
    )
    assert bad_link.status_code == 400 and "pe sine" in bad_link.content.decode()
    assert (
        client.post(
            url + "legaturi/",
            {"kind": "repeals", "target_section": "hotarari", "target_reference": "99/2026"},
        ).status_code
        == 400
    )
    assert (
        client.post(
            url + "legaturi/",
            {"kind": "repeals", "target_section": "hotarari", "target_reference": "2/2026"},
        ).status_code
        == 302
    )
    public = world.resita.client().get("/mol/hotarari/2026/2/").content.decode()
    assert "abrogat" in public and "Abrogat de" in public
    page = world.resita.client().get("/mol/hotarari/2026/1/").content.decode()
    assert "Anexa 1: Bugetul" in page and "comunicat la 26.11.2026" in page
