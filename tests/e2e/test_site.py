"""The site around the counter, on a phone: one navigation on every citizen page, the MOL's
six sections reachable from each, axe-clean, nothing scrolling sideways at 320 px; a citizen
finds a decision by typing without diacritics."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connections
from django_tenants.utils import schema_context

from tests.e2e.test_portals import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SECTIONS = [
    "Statutul unității administrativ-teritoriale",
    "Regulamente privind procedurile administrative",
    "Hotărârile autorității deliberative",
    "Dispozițiile autorității executive",
    "Documente și informații financiare",
    "Alte documente",
]


def _committed(function) -> None:
    """Run on a connection of its own, so the live server sees what it commits."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with schema_context("resita_t"):
                function()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


@pytest.fixture(scope="module")
def published_decision(django_db_setup, django_db_blocker):
    from website.tests.helpers import register_act

    with django_db_blocker.unblock():
        _committed(
            lambda: register_act(
                title="privind înființarea Serviciului public de pază și ordine",
                adopted_on=date(2026, 10, 5),
                text_="Se aprobă organigrama și statul de funcții ale serviciului.",
            )
        )
    yield "/mol/hotarari/2026/1/"
    with django_db_blocker.unblock():
        _committed(_forget_acts)


def _forget_acts() -> None:
    from website.county.models import CountyAct
    from website.models import Act, ActFile, RegisterCounter

    CountyAct.objects.filter(schema_name="resita_t").delete()
    ActFile.objects.all().delete()
    Act.objects.all().delete()
    RegisterCounter.objects.all().delete()


CITIZEN_PAGES = [
    "/",
    "/servicii/petitie/",
    "/servicii/petitie/cerere/",
    "/cererile-mele/",
    "/accesibilitate/",
    "/mol/",
    "/mol/hotarari/",
    "/anunturi/",
    "/consultare-publica/",
    "/consultare-publica/propuneri/",
    "/institutia/",
    "/cautare/?q=buget",
]


def test_every_citizen_page_has_the_one_navigation_with_the_six_mol_sections(
    world, live_url, phone, published_decision
):
    for path in [*CITIZEN_PAGES, published_decision]:
        phone.goto(live_url(world.resita.host, path))
        nav = phone.get_by_role("navigation", name="Meniul principal")
        assert nav.get_by_role("link", name="Servicii online").is_visible(), path
        assert nav.get_by_role("link", name="Cererile mele").is_visible(), path
        nav.locator("summary", has_text="Monitorul Oficial Local").click()
        for section in SECTIONS:
            assert nav.get_by_role("link", name=section).is_visible(), (path, section)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(phone)
    nav.get_by_role("link", name=SECTIONS[2]).click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == SECTIONS[2]
    phone.goto(live_url(world.county_host, "/acte/"))
    assert "Hotărârea nr. 1/2026" in phone.locator("main").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)


def test_nothing_scrolls_sideways_at_320px(world, live_url, browser, published_decision):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    try:
        for path in [*CITIZEN_PAGES, published_decision]:
            page.goto(live_url(world.resita.host, path))
            page.locator(".site-nav__group > summary").click()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, (path, width)
    finally:
        context.close()


def test_a_citizen_finds_a_decision_by_typing_without_diacritics(
    world, live_url, phone, published_decision
):
    phone.goto(live_url(world.resita.host, "/mol/"))
    phone.get_by_label("Căutați în toate secțiunile").fill("infiintarea serviciului de paza")
    phone.get_by_role("button", name="Caută").click()
    phone.wait_for_load_state()
    assert "1 act" in phone.locator(".result-count").inner_text()
    phone.get_by_role("link", name="Hotărârea nr. 1/2026").click()
    phone.wait_for_load_state()
    assert "pază și ordine" in phone.locator(".lead").inner_text()
    assert_accessible(phone)
    href = phone.get_by_role("link", name="Actul semnat (PDF)").get_attribute("href")
    status, head = phone.evaluate(
        """async (url) => { const r = await fetch(url);
           const bytes = new Uint8Array(await r.arrayBuffer());
           return [r.status, String.fromCharCode(...bytes.slice(0, 5))]; }""",
        href,
    )
    assert (status, head) == (200, "%PDF-")


@pytest.fixture(scope="module")
def open_draft(django_db_setup, django_db_blocker):
    from website.consultation.tests.test_consultation import open_consultation

    found: list[str] = []
    with django_db_blocker.unblock():
        _committed(lambda: found.append(open_consultation().public_path))
    yield found[0]
    with django_db_blocker.unblock():
        _committed(_forget_consultations)


def _forget_consultations() -> None:
    from website.models import Consultation, Recommendation, RegisterCounter

    Recommendation.objects.all().delete()
    Consultation.objects.all().delete()
    RegisterCounter.objects.filter(register__in=["proiecte", "propuneri"]).delete()


def test_a_citizen_on_a_phone_sends_a_recommendation_on_a_draft(world, live_url, phone, open_draft):
    import re

    from ghiseu.notifications.models import Notification

    phone.goto(live_url(world.resita.host, "/consultare-publica/"))
    assert_accessible(phone)
    phone.get_by_role(
        "link", name="Proiect de hotărâre privind regulamentul parcărilor de reședință"
    ).click()
    phone.get_by_label("Numele și prenumele").fill("Ana Pop")
    phone.get_by_label("E-mail").fill("ana.pop@example.org")
    phone.get_by_label("Recomandarea dvs.").fill("Propun locuri și pentru pensionari.")
    phone.get_by_role("button", name="Continuă").click()
    phone.wait_for_load_state()
    assert "Confirmați recomandarea" in phone.locator("h1").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
    codes: list[str] = []

    def read_code() -> None:
        body = (
            Notification.objects.filter(kind="portal.email_code", recipient="ana.pop@example.org")
            .latest("id")
            .body_text
        )
        codes.append(re.search(r"\b(\d{6})\b", body).group(1))

    _committed(read_code)
    phone.get_by_label("Codul primit pe e-mail").fill(codes[0])
    phone.get_by_role("button", name="Trimite recomandarea").click()
    phone.wait_for_load_state()
    assert "a fost înregistrată cu nr. 1/" in phone.content()
    assert "A.P." in phone.locator("#registru").inner_text()
    assert_accessible(phone)
