"""A user and a session of one UAT are worthless on another."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str) -> None:
    response = client.post("/birou/autentificare/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == "/birou/"


def test_staff_signs_in_on_their_own_portal(world):
    client = world.resita.client()
    sign_in(client, world.resita.clerk_email)
    home = client.get("/birou/")
    assert home.status_code == 200 and "Ion Popescu" in home.content.decode()


def test_credentials_of_one_uat_do_not_open_another(world):
    client = world.caransebes.client()
    response = client.post(
        "/birou/autentificare/", {"username": world.resita.clerk_email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "nu sunt corecte" in response.content.decode()


def test_a_session_cookie_replayed_on_another_subdomain_is_not_accepted(world):
    resita = world.resita.client()
    sign_in(resita, world.resita.clerk_email)
    stolen = resita.cookies[settings.SESSION_COOKIE_NAME].value
    intruder = world.caransebes.client()
    intruder.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = intruder.get("/birou/")
    assert response.status_code == 302 and "/birou/autentificare/" in response["Location"]


def test_session_cookie_is_host_only(world):
    client = world.resita.client()
    sign_in(client, world.resita.clerk_email)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["domain"] == ""
    assert cookie["httponly"] is True


def test_session_bound_to_another_schema_is_logged_out(world):
    """Defence in depth: even a session row copied into another schema is refused."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_tenants.utils import schema_context

    from ghiseu.accounts.models import User

    with schema_context(world.caransebes.uat.schema_name):
        user = User.objects.get(email=world.caransebes.clerk_email)
        store = SessionStore()
        store.update(
            {
                "_auth_user_id": str(user.pk),
                "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                "_auth_user_hash": user.get_session_auth_hash(),
                "_ghiseu_schema": world.resita.uat.schema_name,
            }
        )
        store.create()
    client = world.caransebes.client()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    assert client.get("/birou/").status_code == 302


def test_county_admin_login_is_worthless_on_a_portal(world):
    from ghiseu.accounts.models import User

    User.objects.create_superuser("sef@judet.example.org", PASSWORD)
    county = world.county_client()
    response = county.post(
        "/consola/cont/autentificare/", {"username": "sef@judet.example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert county.get("/consola/").status_code == 200
    portal = world.resita.client()
    portal.cookies[settings.SESSION_COOKIE_NAME] = county.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    assert portal.get("/birou/").status_code == 302


def test_portal_staff_cannot_open_the_county_console(world):
    client = world.resita.client()
    sign_in(client, world.resita.admin_email)
    assert client.get("/consola/").status_code == 404


def test_repeated_wrong_passwords_lock_the_account_on_that_portal_only(world):
    client = world.resita.client()
    for _ in range(5):
        client.post(
            "/birou/autentificare/", {"username": world.resita.clerk_email, "password": "gresita"}
        )
    locked = client.post(
        "/birou/autentificare/", {"username": world.resita.clerk_email, "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert "Prea multe încercări" in locked.content.decode()
    assert client.get("/birou/").status_code == 302  # still not signed in
    other = world.caransebes.client()
    sign_in(other, world.caransebes.clerk_email)  # another portal's accounts are unaffected


def test_a_next_pointing_back_at_the_login_page_goes_home_instead_of_looping(world):
    client = world.resita.client()
    sign_in(client, world.resita.clerk_email)
    response = client.get("/birou/autentificare/?next=/birou/autentificare/")
    assert response.status_code == 302 and response["Location"] == "/birou/"


def test_an_unknown_host_speaks_romanian_whatever_the_previous_request_chose(world, client):
    english = world.resita.client()
    english.cookies["ghiseu_lang"] = "en"
    assert english.get("/").headers["Content-Language"] == "en"
    page = client.get("/", HTTP_HOST="nicaieri.localhost")
    assert '<html lang="ro">' in page.content.decode()


def test_county_site_invites_only_county_administrators(world):
    from ghiseu.accounts.models import User

    User.objects.create_superuser("sef2@judet.example.org", PASSWORD)
    county = world.county_client()
    county.post(
        "/consola/cont/autentificare/", {"username": "sef2@judet.example.org", "password": PASSWORD}
    )
    response = county.post(
        "/consola/cont/personal/",
        {"email": "x@judet.example.org", "full_name": "X", "role": "uat_admin"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="x@judet.example.org").exists()
