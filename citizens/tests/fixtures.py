"""The local e-ID provider in tests: the real `oidc-provider` package on a free port, with a
client registered for the county's redirect URI, and a helper playing the citizen's part on
the provider's pages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import pytest
import requests
from django.conf import settings

from citizens.eid.providers import eid_provider
from standins import eid_provider as standin

CLIENT_ID, CLIENT_SECRET = "ghiseu-test", "ghiseu-test-secret-0123456789"
SECOND_CLIENT_ID = "ghiseu-test-second"
TEST_REDIRECT_URI = "http://localhost:8000/eid/revenire/"


def provider_settings(issuer: str, *, name: str = "demo", client_id: str = CLIENT_ID) -> dict:
    return {
        "name": name,
        "label": "e-ID (demo)" if name == "demo" else f"e-ID {name}",
        "issuer": issuer,
        "client_id": client_id,
        "client_secret": CLIENT_SECRET,
        "scopes": "openid profile address cnp",
        "claims": dict(settings.EID_DEFAULT_CLAIMS),
    }


def run_provider(redirect_uris: list[str], *, tamper: bool = False) -> standin.RunningProvider:
    return standin.start(
        clients=[
            {"client_id": cid, "client_secret": CLIENT_SECRET, "redirect_uris": redirect_uris}
            for cid in (CLIENT_ID, SECOND_CLIENT_ID)
        ],
        tamper=tamper,
    )


@dataclass
class LocalEid:
    provider: standin.RunningProvider
    redirect_uri: str

    def tamper_next_token(self, mutation: str) -> None:
        requests.post(
            f"{self.provider.issuer}/__tamper", data={"mutation": mutation}, timeout=5
        ).raise_for_status()

    def authorize(self, authorization_url: str, *, account: str = "ion-popescu") -> str:
        """The citizen's part on the provider: chooses who they are (the demo's card reader),
        and is sent to the redirect URI; returns that URL (code and state)."""
        browser = requests.Session()
        page = browser.get(authorization_url, timeout=10)
        page.raise_for_status()
        form = {"action": "cancel"} if account == "cancel" else {"account": account}
        response = browser.post(page.url, data=form, allow_redirects=False, timeout=10)
        for _hop in range(10):
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(self.redirect_uri):
                return location
            response = browser.get(location, allow_redirects=False, timeout=10)
        raise AssertionError("the provider never sent the citizen back")


@pytest.fixture(scope="session")
def _eid_process() -> Iterator[standin.RunningProvider]:
    running = run_provider([TEST_REDIRECT_URI], tamper=True)
    yield running
    running.stop()


@pytest.fixture
def local_eid(_eid_process: standin.RunningProvider, settings) -> LocalEid:
    """Two providers configured (the same local server under two client registrations)."""
    settings.EID_REDIRECT_URI = TEST_REDIRECT_URI
    settings.EID_PROVIDERS = {
        "demo": provider_settings(_eid_process.issuer),
        "second": provider_settings(_eid_process.issuer, name="second", client_id=SECOND_CLIENT_ID),
    }
    assert eid_provider("demo") is not None
    return LocalEid(provider=_eid_process, redirect_uri=TEST_REDIRECT_URI)


def signed_in_client(world, local_eid: LocalEid, portal, *, account: str = "ion-popescu"):
    """A test client of ``portal``, signed in with the local e-ID as ``account``."""
    from urllib.parse import parse_qs, urlsplit

    from django.db import connection

    client = portal.client()
    start = client.get("/eid/demo/", {"next": "/contul-meu/"})["Location"]
    callback = urlsplit(local_eid.authorize(start, account=account))
    answer = world.county_client().get(callback.path, parse_qs(callback.query))
    back = urlsplit(answer["Location"])
    assert client.get(back.path, parse_qs(back.query)).status_code == 302
    connection.set_schema_to_public()
    return client
