"""Reflow (WCAG 1.4.10): no page of the citizen's journey scrolls sideways on a 320 px screen,
nor on a 360 px phone, with a long name and an e-mail address of 40 characters that has no
place to break; and where a form stops, the focus lands on what stopped it."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_citizen_filing import forget_filings  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
WIDTHS = (320, 360)
LONG_EMAIL = "constantin.dumitrescu.resita2026@example.org"


@pytest.fixture
def narrow(browser):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, locale="ro-RO", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def widths_over(page) -> dict[int, int]:
    """How far the page reaches past the screen, at each width (nothing: {})."""
    over = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 640})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            over[width] = scroll - width
    page.set_viewport_size({"width": WIDTHS[0], "height": 640})
    return over


def focused_class(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.className")


def test_no_page_of_the_journey_scrolls_sideways_at_320_or_360_px(
    world,
    live_url,
    narrow,
    mailoutbox,
    forget_filings,  # noqa: F811
):
    page = narrow
    seen: dict[str, dict[int, int]] = {}

    def visit(name: str) -> None:
        page.wait_for_load_state()
        seen[name] = widths_over(page)

    def code() -> str:
        return re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)

    page.goto(live_url(world.resita.host, "/"))
    visit("home")
    page.get_by_label("Căutați un serviciu").fill("petitie")
    page.get_by_role("button", name="Caută").click()
    visit("search")
    assert page.locator(".result-count").inner_text().startswith("1 serviciu găsit")
    page.goto(live_url(world.resita.host, "/servicii/petitie/"))
    visit("service")
    page.get_by_role("link", name="Depuneți cererea online").click()
    visit("form")
    page.get_by_role("button", name="Continuă", exact=True).click()
    visit("form refused")
    assert focused_class(page) == "error-summary"
    page.get_by_label("Nume și prenume").fill("Constantin-Alexandru Dumitrescu-Popovici")
    page.get_by_label("E-mail").fill(LONG_EMAIL)
    page.get_by_label("Telefon mobil").fill("0722 123 456")
    page.get_by_label("Adresa de domiciliu").fill("Str. Mihai Viteazul 1, Reșița")
    page.get_by_label("Conținutul petiției").fill("Vă rog să reparați iluminatul public.")
    page.get_by_role("button", name="Continuă", exact=True).click()
    page.wait_for_url("**/confirmare/")
    visit("review")
    page.get_by_label("Codul primit pe e-mail").fill("000000" if code() != "000000" else "111111")
    page.get_by_role("button", name="Trimite cererea").click()
    visit("review, wrong code")
    assert focused_class(page) == "error-summary"
    page.get_by_label("Codul primit pe e-mail").fill(code())
    page.get_by_role("button", name="Trimite cererea").click()
    page.wait_for_url("**/cerere/**")
    visit("tracking")
    page.goto(live_url(world.resita.host, "/cererile-mele/"))
    visit("my requests")
    page.get_by_label("Adresa de e-mail folosită în cereri").fill(LONG_EMAIL)
    page.get_by_role("button", name="Trimite codul").click()
    visit("my requests, code")
    page.get_by_label("Codul primit pe e-mail").fill(code())
    page.get_by_role("button", name="Vezi cererile").click()
    visit("my requests, list")
    assert "Petiție" in page.locator("main").inner_text()
    for path in (
        "/cat-de-repede-raspundem/",
        "/accesibilitate/",
        "/confidentialitate/",
        "/autentificare/",
        "/nu-exista/",
    ):
        page.goto(live_url(world.resita.host, path))
        visit(path)
    assert {name: over for name, over in seen.items() if over} == {}
