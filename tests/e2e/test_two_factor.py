"""An administrator sets up two-factor sign-in in Chromium and signs in with it: an
authenticator app (TOTP), then a passkey on Chromium's virtual authenticator (over CDP)."""

from __future__ import annotations

import base64
import re
import time

import pytest
from django_otp.oath import TOTP

from tests.e2e.test_clerk_answers import committed
from tests.e2e.test_portals import assert_accessible
from tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
EMAIL = "secretar-e2e@resita-t.example.org"


@pytest.fixture
def secretary(world, live_url, settings):
    """A secretary general (2FA required) of Reșița, removed with everything it made."""
    settings.GHISEU_TWO_FACTOR_ENFORCED = True

    def create():
        from django_tenants.utils import schema_context

        from ghiseu.accounts.models import Role, User

        with schema_context(world.resita.uat.schema_name):
            return User.objects.create_user(
                EMAIL, PASSWORD, role=Role.SECRETARY, full_name="Elena Secretar"
            ).pk

    pk = committed(create)
    yield pk

    def remove():
        from django_tenants.utils import schema_context

        from ghiseu.accounts.models import User

        with schema_context(world.resita.uat.schema_name):
            User.objects.filter(pk=pk).delete()

    committed(remove)


def sign_in_with_password(page, url):
    page.goto(url("/birou/autentificare/"))
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def totp_now(secret: str, *, steps_ahead: int = 0) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def test_secretary_sets_up_an_app_then_a_passkey_and_signs_in_with_each(
    world, live_url, browser, secretary
):
    def url(path):
        return live_url(world.resita.host, path)

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ro-RO")
    page = context.new_page()
    # First sign-in: the set-up is part of it, in Romanian steps.
    sign_in_with_password(page, url)
    page.wait_for_url(re.compile(r"/birou/autentificare/configurare/$"))
    assert "Protejați-vă contul" in page.locator("h1").inner_text()
    assert page.locator("figure.qr svg").is_visible()
    assert_accessible(page)
    secret = page.locator("figure.qr code").inner_text().replace(" ", "")
    page.fill("#id_token", totp_now(secret))
    page.click("form:has(input[value=totp]) button[type=submit]")
    page.wait_for_url(re.compile(r"/birou/securitate/coduri/$"))
    assert page.locator(".recovery-codes code").count() == 10
    page.click("text=Am păstrat codurile")
    page.wait_for_url(re.compile(r"/birou/$"))

    # A passkey, on Chromium's virtual authenticator (a platform authenticator with a PIN).
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )["authenticatorId"]
    page.goto(url("/birou/securitate/metoda-noua/"))
    page.fill("#id_name", "Laptopul biroului")
    page.click("button[data-webauthn-button]")
    page.wait_for_url(re.compile(r"/birou/securitate/$"))
    assert "Laptopul biroului" in page.content()
    assert (
        len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"])
        == 1
    )

    # Sign out, sign in again: password, then the passkey.
    page.click("text=Ieșire de pe toate dispozitivele")
    page.wait_for_url(re.compile(r"/birou/autentificare/"))
    sign_in_with_password(page, url)
    page.wait_for_url(re.compile(r"/birou/autentificare/verificare/$"))
    assert_accessible(page)
    page.click("button[data-webauthn-button]")
    page.wait_for_url(re.compile(r"/birou/$"))
    assert "Elena Secretar" in page.content()

    # And with the app, once more, from a browser without the passkey.
    other = browser.new_context(locale="ro-RO")
    second = other.new_page()
    sign_in_with_password(second, url)
    second.wait_for_url(re.compile(r"/birou/autentificare/verificare/$"))
    second.fill("#id_token", totp_now(secret, steps_ahead=1))
    second.click("form:has(input[value=totp]) button[type=submit]")
    second.wait_for_url(re.compile(r"/birou/$"))
    other.close()
    context.close()
