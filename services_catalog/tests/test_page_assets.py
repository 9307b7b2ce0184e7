"""What every portal page brings along: a stylesheet served compressed under a hashed name and
cached for a year, an icon at the address browsers ask for by themselves, a description."""

from __future__ import annotations

import gzip
import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_stylesheet_is_hashed_compressed_and_cached_for_a_year(world):
    client = world.resita.client()
    page = client.get("/").content.decode()
    href = re.search(r'href="(/static/css/ghiseu\.[0-9a-f]{12}\.css)"', page)
    assert href, "the page links the stylesheet under its hashed name"
    response = client.get(href.group(1), HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600
    css = gzip.decompress(b"".join(response.streaming_content)).decode()
    assert ".error-summary" in css


def test_every_site_answers_the_icon_browsers_ask_for(world):
    for client in (world.resita.client(), world.county_client()):
        response = client.get("/favicon.ico")
        assert response.status_code == 200
        assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}


def test_pages_describe_themselves_to_search_engines(world):
    client = world.resita.client()
    home = client.get("/").content.decode()
    assert re.search(
        r'<meta name="description" content="Municipiul Reșița — ghișeul online: ', home
    )
    service = client.get("/servicii/petitie/").content.decode()
    assert '<meta name="description" content="Petiție — ' in service
    county = world.county_client().get("/").content.decode()
    assert '<meta name="description" content="Ghișeu — platforma' in county
