"""A UAT adds its own domain, proves it by DNS or by an HTTP file, the county approves it,
and only then does the portal answer on it."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ghiseu.accounts.models import Role, User
from ghiseu.audit.models import AuditEvent
from tenants.domains.proof import HTTP_PATH
from tenants.models import Domain, DomainClaim
from tests.world import PASSWORD

from .standins import outside_world

pytestmark = pytest.mark.django_db
HOST = "ghiseu.primaria-resita.ro"


@pytest.fixture
def world_outside(settings):
    with outside_world(settings) as standins:
        yield standins


def admin_client(portal):
    client = portal.client()
    client.post("/birou/autentificare/", {"username": portal.admin_email, "password": PASSWORD})
    return client


def county_client(world):
    User.objects.create_user("dom@judet.example.org", PASSWORD, role=Role.COUNTY_ADMIN)
    client = world.county_client()
    client.post(
        "/consola/cont/autentificare/", {"username": "dom@judet.example.org", "password": PASSWORD}
    )
    return client


def claim_of(hostname):
    return DomainClaim.objects.get(hostname=hostname)


def test_a_domain_proven_by_dns_and_approved_serves_the_portal(world, world_outside):
    dns_server, _files = world_outside
    admin = admin_client(world.resita)
    admin.post("/birou/portal/domenii/", {"hostname": "https://GHISEU.Primaria-Resita.ro/"})
    claim = claim_of(HOST)
    # Not proven, not served: the host is unknown to the platform.
    assert Client(HTTP_HOST=HOST).get("/").status_code == 404
    failed = admin.post(f"/birou/portal/domenii/{claim.pk}/verifica/", follow=True)
    assert "TXT nu a fost găsită" in failed.content.decode()
    dns_server.add(f"_ghiseu.{HOST}", "TXT", f'"ghiseu-verificare={claim.token}"')
    admin.post(f"/birou/portal/domenii/{claim.pk}/verifica/")
    assert claim_of(HOST).status == "proven" and claim_of(HOST).proof_method == "dns"
    # Proven but not approved yet: still not served.
    assert Client(HTTP_HOST=HOST).get("/").status_code == 404
    county = county_client(world)
    assert HOST in county.get("/consola/domenii/").content.decode()
    county.post(f"/consola/domenii/{claim.pk}/aproba/", {"note": "ok"})
    page = Client(HTTP_HOST=HOST).get("/")
    assert page.status_code == 200 and "Municipiul Reșița" in page.content.decode()
    with schema_context(world.resita.uat.schema_name):
        trail = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"uat.domain_claimed", "uat.domain_proven", "uat.domain_approved"} <= trail
    # Withdrawn: the portal stops answering on it.
    admin.post(f"/birou/portal/domenii/{claim.pk}/retrage/")
    assert Client(HTTP_HOST=HOST).get("/").status_code == 404


def test_a_domain_proven_by_an_http_file(world, world_outside):
    dns_server, files = world_outside
    admin = admin_client(world.resita)
    admin.post("/birou/portal/domenii/", {"hostname": HOST})
    claim = claim_of(HOST)
    dns_server.add(HOST, "A", "127.0.0.1")
    files[(HOST, HTTP_PATH)] = b"wrong token\n"
    admin.post(f"/birou/portal/domenii/{claim.pk}/verifica/")
    assert claim_of(HOST).status == "pending"
    assert "nu conține codul corect" in claim_of(HOST).last_check_error
    files[(HOST, HTTP_PATH)] = f"{claim.token}\n".encode()
    admin.post(f"/birou/portal/domenii/{claim.pk}/verifica/")
    assert claim_of(HOST).status == "proven" and claim_of(HOST).proof_method == "http"


def test_a_domain_pointing_at_a_private_address_is_never_fetched(world, world_outside, settings):
    dns_server, files = world_outside
    settings.GHISEU_DOMAIN_PROOF_ALLOW_PRIVATE = False
    admin = admin_client(world.resita)
    admin.post("/birou/portal/domenii/", {"hostname": HOST})
    claim = claim_of(HOST)
    dns_server.add(HOST, "A", "127.0.0.1")
    files[(HOST, HTTP_PATH)] = claim.token.encode()
    admin.post(f"/birou/portal/domenii/{claim.pk}/verifica/")
    assert claim_of(HOST).status == "pending"
    assert "adresă privată" in claim_of(HOST).last_check_error


def test_a_domain_of_another_uat_or_never_proven_is_refused(world, world_outside):
    resita = admin_client(world.resita)
    resita.post("/birou/portal/domenii/", {"hostname": HOST})
    other = admin_client(world.caransebes)
    response = other.post("/birou/portal/domenii/", {"hostname": HOST}, follow=True)
    assert "deja folosit sau revendicat" in response.content.decode()
    assert DomainClaim.objects.filter(hostname=HOST).count() == 1
    # The platform's own subdomains, garbage and IP addresses are refused too.
    for bad in ("caransebes-t.localhost", "not a domain", "10.0.0.1", "a" * 300 + ".ro", "ro"):
        answer = other.post("/birou/portal/domenii/", {"hostname": bad}, follow=True)
        assert answer.status_code == 200
    assert DomainClaim.objects.count() == 1
    county = county_client(world)
    claim = claim_of(HOST)
    refused = county.post(f"/consola/domenii/{claim.pk}/aproba/", follow=True)
    assert "dovedit" in refused.content.decode()
    assert not Domain.objects.filter(domain=HOST).exists()


def test_uat_administrators_cannot_approve_and_other_uats_cannot_touch_a_claim(
    world, world_outside
):
    resita = admin_client(world.resita)
    resita.post("/birou/portal/domenii/", {"hostname": HOST})
    claim = claim_of(HOST)
    other = admin_client(world.caransebes)
    other.post(f"/birou/portal/domenii/{claim.pk}/retrage/")
    other.post(f"/birou/portal/domenii/{claim.pk}/verifica/")
    assert claim_of(HOST).status == "pending"
    assert resita.post(f"/consola/domenii/{claim.pk}/aproba/").status_code == 404
    clerk = world.resita.client()
    clerk.post(
        "/birou/autentificare/", {"username": world.resita.clerk_email, "password": PASSWORD}
    )
    assert clerk.post("/birou/portal/domenii/", {"hostname": "x.ro"}).status_code == 403
