"""The reverse proxy asks before it gets a certificate for a host: only the platform's own."""

from __future__ import annotations

import pytest

from tenants.models import Domain

pytestmark = pytest.mark.django_db
PROXY = {"HTTP_HOST": "web:8000"}  # the proxy asks by the service's name, over plain HTTP


@pytest.mark.parametrize(
    ("domain", "status"),
    [
        ("resita-t.localhost", 200),
        ("RESITA-T.localhost.", 200),
        ("localhost", 200),
        ("primaria-resita.ro", 200),
        ("nicaieri.localhost", 404),
        ("x" * 300, 400),
        ("", 400),
    ],
)
def test_only_hosts_the_platform_serves_may_get_a_certificate(world, client, domain, status):
    Domain.objects.create(domain="primaria-resita.ro", tenant=world.resita.uat, is_primary=False)
    response = client.get("/tls/allowed", {"domain": domain}, **PROXY)
    assert response.status_code == status


def test_the_question_is_answered_over_plain_http_in_production(world, client, settings):
    settings.SECURE_SSL_REDIRECT = True  # as in production, with the settings' exemptions
    assert client.get("/tls/allowed", {"domain": "resita-t.localhost"}, **PROXY).status_code == 200
    assert client.get("/", HTTP_HOST="resita-t.localhost").status_code == 301


def test_only_a_question_is_answered(world, client):
    assert client.post("/tls/allowed?domain=localhost", **PROXY).status_code == 405
