"""A citizen's first look: two portals, each in its own name and colours, and the directory."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

# The live server reads the committed world from its own connection; the test's own
# transaction (django_db) only makes pytest-django set the test database up.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def header_colour(page) -> str:
    return page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")


def assert_accessible(page) -> None:
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


def test_two_portals_show_their_own_name_and_colours_and_the_directory_lists_both(
    world, live_url, phone
):
    phone.goto(live_url(world.resita.host))
    assert phone.locator("h1").inner_text() == "Ghișeul online — Municipiul Reșița"
    assert header_colour(phone) == "rgb(155, 28, 28)"  # #9b1c1c
    assert "Caransebeș" not in phone.content()
    assert_accessible(phone)

    phone.goto(live_url(world.caransebes.host))
    assert "Municipiul Caransebeș" in phone.locator("h1").inner_text()
    assert header_colour(phone) == "rgb(20, 83, 45)"  # #14532d
    assert "Reșița" not in phone.content()

    phone.goto(live_url(world.county_host))
    directory = phone.locator("main")
    assert directory.get_by_role("link", name="Municipiul Reșița").is_visible()
    assert directory.get_by_role("link", name="Municipiul Caransebeș").is_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Municipiul Caransebeș").click()
    phone.wait_for_load_state()
    assert phone.url.startswith(live_url(world.caransebes.host))


def test_pages_fit_a_360px_screen_and_switch_to_english_without_javascript(
    world, live_url, browser
):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_url(world.resita.host))
    assert page.evaluate is not None
    width = page.locator("body").bounding_box()["width"]
    assert width <= 360
    page.select_option("#lang-select", "en")
    page.get_by_role("button", name="Schimbă").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Search for a service" in page.content() and ">Petition<" in page.content()
    context.close()


def test_staff_login_page_and_unknown_host_are_accessible(world, live_url, phone):
    phone.goto(live_url(world.resita.host, "/birou/autentificare/"))
    assert phone.get_by_label("E-mail").is_visible()
    assert_accessible(phone)
    response = phone.goto(live_url("nicaieri.localhost"))
    assert response.status == 404
    assert "Acest portal nu există" in phone.content()
    assert_accessible(phone)


def test_a_citizen_finds_a_service_by_typing_without_diacritics(world, live_url, phone):
    phone.goto(live_url(world.resita.host))
    phone.get_by_label("Căutați un serviciu").fill("informatii public")
    phone.get_by_role("button", name="Caută").click()
    phone.get_by_role("link", name="Cerere de informații de interes public").click()
    phone.wait_for_load_state()
    assert "Legea 544/2001" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
    phone.get_by_role("link", name="Declarație de accesibilitate").click()
    phone.wait_for_load_state()
    assert "OUG 112/2018" in phone.content()
    assert_accessible(phone)
