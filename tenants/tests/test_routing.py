from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_each_portal_shows_its_own_uat(world):
    page = world.resita.client().get("/")
    assert page.status_code == 200
    assert "Municipiul Reșița" in page.content.decode()
    assert "Caransebeș" not in page.content.decode()
    other = world.caransebes.client().get("/")
    assert "Municipiul Caransebeș" in other.content.decode()
    assert "Reșița" not in other.content.decode()


def test_county_site_lists_every_portal(world):
    page = world.county_client().get("/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Municipiul Reșița" in body and "Municipiul Caransebeș" in body
    assert "resita-t.localhost" in body


def test_unknown_host_gets_friendly_localized_404(client):
    response = client.get("/", HTTP_HOST="nicaieri.localhost")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Acest portal nu există" in body
    assert "nicaieri.localhost" in body


@pytest.mark.parametrize("host", ["bad host!", "-x-.localhost:abc", "exa mple", "a/b"])
def test_malformed_host_gets_a_400_page_not_an_error(client, host):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "nu este valid" in response.content.decode()


def test_host_is_matched_case_insensitively_with_port_and_trailing_dot(world, client):
    response = client.get("/", HTTP_HOST="RESITA-T.localhost.:8000")
    assert response.status_code == 200
    assert "Municipiul Reșița" in response.content.decode()


def test_portal_theme_carries_the_uats_colours(world):
    css = world.resita.client().get("/tema.css").content.decode()
    assert "--color-primary:#9b1c1c" in css
    assert "#14532d" in world.caransebes.client().get("/tema.css").content.decode()


def test_directory_query_count_is_bounded(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        world.county_client().get("/")
