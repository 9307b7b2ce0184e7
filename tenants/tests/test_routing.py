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


@pytest.mark.parametrize(
    "host",
    ["bad host!", "-x-.localhost:abc", "exa mple", "a/b", "a..b.localhost", "x.localhost:99999"],
)
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


def test_a_process_keeps_a_portals_host_and_forgets_it_when_the_uat_changes(
    world, settings, django_assert_num_queries
):
    """Each request looked its host up in the public schema; a process now keeps it a few
    seconds, and a change saved here (a suspension) shows at the next request."""
    from django.db import connection

    from tenants.host_cache import hosts_forget
    from tenants.models import UAT, UATStatus

    settings.GHISEU_HOST_CACHE_SECONDS = 60
    hosts_forget()
    client = world.resita.client()
    assert client.get("/accesibilitate/").status_code == 200
    with django_assert_num_queries(0):  # neither the host nor a search path switch
        assert client.get("/accesibilitate/").status_code == 200
    assert "Caransebeș" in world.caransebes.client().get("/").content.decode()
    uat = UAT.objects.get(schema_name="resita_t")
    uat.status = UATStatus.SUSPENDED
    uat.save()
    assert client.get("/").status_code == 503
    connection.set_schema_to_public()
    assert client.get("/nicaieri/", HTTP_HOST="nicaieri.localhost").status_code == 404


def test_a_schema_chosen_again_sends_no_second_search_path(world, django_assert_num_queries):
    from django.db import connection
    from django_tenants.utils import schema_context

    from dms.models import RegistryEntry

    with schema_context("resita_t"):
        RegistryEntry.objects.count()
        with django_assert_num_queries(1), schema_context("resita_t"):
            RegistryEntry.objects.count()
        with schema_context("caransebes_t"), django_assert_num_queries(2):  # SET, then COUNT
            RegistryEntry.objects.count()
    assert connection.schema_name == "public"


def test_a_rolled_back_search_path_is_set_again(world):
    """PostgreSQL undoes a SET made inside a rolled-back savepoint: the path is sent again
    before the next statement, never trusted (a query would reach the wrong UAT)."""
    from django.db import DatabaseError, connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import schema_context

    from dms.models import RegistryEntry

    with schema_context("resita_t"):
        RegistryEntry.objects.count()
    with schema_context("caransebes_t"), CaptureQueriesContext(connection) as captured:
        try:
            with transaction.atomic():
                RegistryEntry.objects.count()
                raise DatabaseError("refused")
        except DatabaseError:
            pass
        RegistryEntry.objects.count()
    statements = [q["sql"] for q in captured.captured_queries]
    rolled_back = next(n for n, sql in enumerate(statements) if sql.startswith("ROLLBACK TO"))
    assert 'SET search_path = "caransebes_t","public"' in statements[rolled_back + 1 :]
    assert connection.schema_name == "public"
