"""Every kind of page carries the security headers: citizen, staff, console, errors, API,
stylesheets and images."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

EVERY_RESPONSE = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def signed_in(client: Client, path: str, email: str) -> Client:
    client.post(path, {"username": email, "password": PASSWORD})
    return client


def pages(world):
    from ghiseu.accounts.models import Role, User

    User.objects.create_user("hdr@judet.example.org", PASSWORD, role=Role.COUNTY_ADMIN)
    portal = world.resita.client
    staff = signed_in(portal(), "/birou/autentificare/", world.resita.admin_email)
    county = signed_in(
        world.county_client(), "/consola/cont/autentificare/", "hdr@judet.example.org"
    )
    return [
        ("citizen home", portal(), "/", 200),
        ("citizen privacy notice", portal(), "/confidentialitate/", 200),
        ("staff sign-in", portal(), "/birou/autentificare/", 200),
        ("staff home", staff, "/birou/", 200),
        ("staff security", staff, "/birou/securitate/", 200),
        ("portal settings", staff, "/birou/portal/", 200),
        ("county directory", world.county_client(), "/", 200),
        ("county console", county, "/consola/", 200),
        ("not found", portal(), "/nu-exista/", 404),
        ("unknown host", Client(HTTP_HOST="necunoscut.example.org"), "/", 404),
        ("malformed host", Client(HTTP_HOST="bad host!"), "/", 400),
        ("API", world.county_client(), "/api/v1/uat/", 200),
        ("theme stylesheet", portal(), "/tema.css", 200),
    ]


def test_every_page_kind_carries_the_security_headers(world):
    for name, client, path, status in pages(world):
        response = client.get(path)
        assert response.status_code == status, name
        for header, value in EVERY_RESPONSE.items():
            assert response.get(header) == value, f"{name}: {header}"
        if response["Content-Type"].startswith("text/html"):
            policy = response["Content-Security-Policy"]
            assert "default-src 'self'" in policy and "script-src 'self'" in policy, name
            assert "unsafe-inline" not in policy, name


def test_staff_pages_are_never_stored_by_a_cache(world):
    staff = signed_in(world.resita.client(), "/birou/autentificare/", world.resita.admin_email)
    assert staff.get("/birou/")["Cache-Control"] == "private, no-store"
    assert "no-store" not in world.resita.client().get("/").get("Cache-Control", "")
