"""A visitor who switches the site to English reads English: the Monitorul Oficial Local, an
act, the consultation, the announcements and the county index, headings and labels alike."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from website.tests.helpers import register_act

pytestmark = pytest.mark.django_db


def _in_english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(
    ("path", "english", "romanian"),
    [
        ("/mol/", ["Local Official Gazette", "Search all sections", "Sections"], ["Secțiuni"]),
        (
            "/mol/hotarari/",
            ["Decisions of the deliberative authority", "Atom feed", "Apply the filters"],
            ["Aplică filtrele"],
        ),
        (
            "/mol/hotarari/2026/1/",
            ["Decision no. 1/2026", "Date of adoption or issue", "Communication to the prefect"],
            ["Hotărârea nr.", "Comunicare către prefect"],
        ),
        (
            "/consultare-publica/",
            ["Public consultation", "Open for recommendations", "Register of proposals"],
            ["Consultare publică", "Registrul propunerilor"],
        ),
        ("/anunturi/", ["Announcements", "Search the announcements"], ["Anunțuri"]),
        ("/institutia/", ["The institution"], ["Instituția"]),
        ("/cautare/", ["Search acts and announcements"], ["Căutați în acte"]),
    ],
)
def test_a_site_page_switched_to_english_shows_english_headings(world, path, english, romanian):
    with schema_context("resita_t"):
        register_act(title="privind aprobarea bugetului local")
    page = _in_english(world.resita.client()).get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="en"' in html
    assert [text for text in english if text not in html] == []
    assert [text for text in romanian if text in html] == []


def test_the_county_index_switched_to_english_shows_english_headings(world):
    html = _in_english(world.county_client()).get("/acte/").content.decode()
    assert "Acts of the local authorities" in html and "Apply the filters" in html
    assert "Actele autorităților locale" not in html
