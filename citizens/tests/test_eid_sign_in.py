"""Signing in with e-ID against the local OpenID Connect provider, and every way it can go
wrong: nothing is ever signed in on a bad state, token, ticket or browser."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from citizens.models import Citizen, SignIn
from tests.world import World

ION_CNP = "1800101110011"


def _start(portal: Client, provider: str = "demo", next_path: str = "/contul-meu/") -> str:
    response = portal.get(f"/eid/{provider}/", {"next": next_path})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def _callback(world: World, callback_url: str) -> object:
    parts = urlsplit(callback_url)
    return world.county_client().get(parts.path, parse_qs(parts.query))


def _back_on_portal(portal: Client, response) -> object:
    location = urlsplit(response["Location"])
    return portal.get(location.path, parse_qs(location.query))


def _sign_in(
    world: World, local_eid, portal: Client, *, account: str = "ion-popescu", provider="demo"
):
    callback = local_eid.authorize(_start(portal, provider), account=account)
    return _callback(world, callback)


def test_citizen_signs_in_with_eid_and_sees_what_the_provider_gave(world: World, local_eid):
    portal = world.resita.client()
    authorization = urlsplit(_start(portal))
    query = parse_qs(authorization.query)
    # Authorization code flow with PKCE, state and nonce, to the county's one redirect URI.
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] and query["nonce"] and query["code_challenge"]
    assert query["redirect_uri"] == [local_eid.redirect_uri]

    callback = local_eid.authorize(authorization.geturl())
    answer = _callback(world, callback)
    assert answer.status_code == 302
    assert answer["Location"].startswith(f"http://{world.resita.host}/eid/intrare/?bilet=")
    assert "ghiseu_session" not in answer.cookies  # the county sets no cookie for the portals

    arrived = _back_on_portal(portal, answer)
    assert arrived.status_code == 302 and arrived["Location"] == "/contul-meu/"
    account = portal.get("/contul-meu/")
    page = account.content.decode()
    assert "Ion Popescu" in page
    assert "Str. Libertății nr. 10, Reșița" in page
    assert ION_CNP not in page and "1••••••••" in page  # the CNP is shown masked
    assert "substanțial (eIDAS)" in page
    citizen = Citizen.objects.get(cnp=ION_CNP)
    assert citizen.logins.get().provider == "demo"


def test_the_sign_in_is_the_portals_own_and_worthless_on_another_uat(world: World, local_eid):
    portal = world.resita.client()
    _back_on_portal(portal, _sign_in(world, local_eid, portal))
    assert "Ion Popescu" in portal.get("/contul-meu/").content.decode()
    other = world.caransebes.client()  # even with the same cookies
    other.cookies.load({name: morsel.value for name, morsel in portal.cookies.items()})
    assert other.get("/contul-meu/")["Location"].startswith("/autentificare/")


def test_a_replayed_callback_is_refused_and_its_ticket_redeems_once(world: World, local_eid):
    portal = world.resita.client()
    callback = local_eid.authorize(_start(portal))
    first = _callback(world, callback)
    replay = _callback(world, callback)
    assert "eroare=replayed" in replay["Location"]
    assert _back_on_portal(portal, first).status_code == 302
    portal.post("/iesire/")
    again = _back_on_portal(portal, first)
    assert again.status_code == 400
    assert "legătura a expirat, a fost deja folosită" in again.content.decode()


def test_a_forged_state_is_refused_on_the_county_site(world: World, local_eid):
    forged = world.county_client().get(
        "/eid/revenire/", {"state": secrets.token_urlsafe(32), "code": "whatever"}
    )
    assert forged.status_code == 400
    assert "nu a pornit de la noi" in forged.content.decode()
    assert world.county_client().get("/eid/revenire/").status_code == 400


@pytest.mark.parametrize("mutation", ["expired", "audience", "nonce", "issuer", "foreign-key"])
def test_a_bad_id_token_signs_no_one_in(world: World, local_eid, mutation):
    portal = world.resita.client()
    start = _start(portal)
    local_eid.tamper_next_token(mutation)
    answer = _callback(world, local_eid.authorize(start))
    assert "eroare=token_refused" in answer["Location"]
    page = _back_on_portal(portal, answer)
    assert page.status_code == 400
    assert "nu a trecut verificările de securitate" in page.content.decode()
    assert not Citizen.objects.exists()
    assert SignIn.objects.get().error == "token_refused"


def test_a_ticket_brought_by_another_browser_or_to_another_uat_is_refused(world: World, local_eid):
    portal = world.resita.client()
    answer = _sign_in(world, local_eid, portal)
    stranger = _back_on_portal(world.resita.client(), answer)
    assert stranger.status_code == 400
    elsewhere = world.caransebes.client()
    elsewhere.cookies.load({name: morsel.value for name, morsel in portal.cookies.items()})
    assert _back_on_portal(elsewhere, answer).status_code == 400
    assert _back_on_portal(portal, answer).status_code == 302  # still good for its own browser


def test_a_citizen_who_cancels_on_the_provider_is_told_so(world: World, local_eid):
    portal = world.resita.client()
    answer = _sign_in(world, local_eid, portal, account="cancel")
    page = _back_on_portal(portal, answer).content.decode()
    assert "Ați renunțat la autentificare" in page
    assert "fără e-ID" in page  # and the e-mail route is offered


def test_a_provider_that_is_down_gets_a_clear_message_and_the_email_route_works(
    world: World, local_eid, settings
):
    settings.EID_PROVIDERS = {
        "demo": {**settings.EID_PROVIDERS["demo"], "issuer": "http://127.0.0.1:9"}
    }
    portal = world.resita.client()
    response = portal.get("/eid/demo/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Furnizorul de identitate nu răspunde acum" in page
    assert "confirmați adresa de e-mail cu codul" in page
    assert not SignIn.objects.exists()
    assert portal.get("/").status_code == 200


def test_one_person_is_one_identity_whichever_provider_they_use(world: World, local_eid):
    portal = world.resita.client()
    _back_on_portal(portal, _sign_in(world, local_eid, portal, provider="demo"))
    other = world.caransebes.client()
    _back_on_portal(other, _sign_in(world, local_eid, other, provider="second"))
    citizen = Citizen.objects.get()
    assert sorted(citizen.logins.values_list("provider", flat=True)) == ["demo", "second"]
    page = portal.get("/autentificare/").content.decode()
    assert "Intră cu e-ID (demo)" in page and "Intră cu e-ID second" in page


def test_closing_the_account_forgets_the_identity(world: World, local_eid):
    portal = world.resita.client()
    _back_on_portal(portal, _sign_in(world, local_eid, portal))
    portal.post("/contul-meu/", {"email": "ion@example.org", "phone": "0722 123 456"})
    assert Citizen.objects.get().kept_phone == "+40722123456"
    portal.post("/contul-meu/inchide/")
    assert not Citizen.objects.exists()
    assert portal.get("/contul-meu/").status_code == 302


def test_a_next_address_off_the_portal_is_ignored(world: World, local_eid):
    portal = world.resita.client()
    _start(portal, next_path="https://evil.example.org/")
    assert SignIn.objects.get().return_path == "/contul-meu/"


def test_sign_in_rows_are_forgotten_after_a_day(world: World, local_eid):
    from datetime import timedelta

    from django.utils import timezone

    from citizens.tasks import sign_ins_sweep

    _start(world.resita.client())
    _start(world.resita.client())
    SignIn.objects.filter(pk=SignIn.objects.first().pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    assert sign_ins_sweep() == 1
    assert SignIn.objects.count() == 1
