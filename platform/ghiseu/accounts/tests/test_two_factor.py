"""Two-factor sign-in: enforced per role and per UAT, set up on first sign-in, every failure
refused and recorded."""

from __future__ import annotations

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from ghiseu.accounts.models import RecoveryCodeSet, Role, StaffSession, User
from ghiseu.audit.models import AuditEvent
from tenants.models import UAT

from .twofactor_helpers import code_for, password_step, sign_in_with_totp, totp_device_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.GHISEU_TWO_FACTOR_ENFORCED = True


def schema(world):
    return world.resita.uat.schema_name


def actions(world, email):
    with schema_context(schema(world)):
        user = User.objects.get(email=email)
        return list(
            AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))
            .order_by("id")
            .values_list("action", flat=True)
        )


def test_an_administrator_without_a_second_factor_sets_one_up_before_entering(world):
    client = world.resita.client()
    assert password_step(client, world.resita.admin_email) == "/birou/autentificare/configurare/"
    # Not signed in yet: the staff area still asks for a sign-in.
    assert client.get("/birou/").status_code == 302
    page = client.get("/birou/autentificare/configurare/").content.decode()
    assert "Instalați pe telefon o aplicație de autentificare" in page
    assert "<svg" in page and "cheie de acces" in page.lower()
    device = totp_device_for(schema(world), world.resita.admin_email, confirmed=False)
    response = client.post(
        "/birou/autentificare/configurare/", {"method": "totp", "token": code_for(device)}
    )
    assert response["Location"] == "/birou/securitate/coduri/"
    codes_page = client.get("/birou/securitate/coduri/").content.decode()
    assert codes_page.count("<code>") == 10
    # Shown once only.
    assert client.get("/birou/securitate/coduri/")["Location"] == "/birou/securitate/"
    assert client.get("/birou/").status_code == 200
    assert "2fa.totp_added" in actions(world, world.resita.admin_email)
    assert "auth.signed_in" in actions(world, world.resita.admin_email)


def test_a_wrong_setup_code_is_refused_and_nothing_is_confirmed(world):
    client = world.resita.client()
    password_step(client, world.resita.admin_email)
    client.get("/birou/autentificare/configurare/")
    response = client.post(
        "/birou/autentificare/configurare/", {"method": "totp", "token": "000000"}
    )
    assert response.status_code == 200
    assert "Codul nu este corect" in response.content.decode()
    with schema_context(schema(world)):
        assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/birou/").status_code == 302


def test_a_clerk_signs_in_with_the_password_alone_unless_the_uat_requires_more(world):
    client = world.resita.client()
    assert password_step(client, world.resita.clerk_email) == "/birou/"
    UAT.objects.filter(pk=world.resita.uat.pk).update(two_factor_for_all_staff=True)
    other = world.resita.client()
    assert password_step(other, world.resita.clerk_email) == "/birou/autentificare/configurare/"
    # Caransebeș did not ask for it: its clerk is not affected.
    assert password_step(world.caransebes.client(), world.caransebes.clerk_email) == "/birou/"


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.UAT_ADMIN])
def test_the_secretary_and_administrators_must_use_a_second_factor(world, role):
    with schema_context(schema(world)):
        User.objects.filter(email=world.resita.clerk_email).update(role=role)
    client = world.resita.client()
    assert password_step(client, world.resita.clerk_email) == "/birou/autentificare/configurare/"


def test_a_county_administrator_must_use_a_second_factor(world):
    User.objects.create_user(
        "cj2fa@judet.example.org", "parola-de-test-2026", role=Role.COUNTY_ADMIN
    )
    client = world.county_client()
    location = password_step(client, "cj2fa@judet.example.org", prefix="/consola/cont")
    assert location == "/consola/cont/autentificare/configurare/"


def test_a_user_with_a_device_signs_in_with_a_code_and_a_replayed_code_is_refused(world):
    device = totp_device_for(schema(world), world.resita.clerk_email)
    client = world.resita.client()
    assert password_step(client, world.resita.clerk_email) == "/birou/autentificare/verificare/"
    code = code_for(device)
    response = client.post("/birou/autentificare/verificare/", {"method": "totp", "token": code})
    assert response["Location"] == "/birou/"
    assert client.get("/birou/").status_code == 200
    again = world.resita.client()
    password_step(again, world.resita.clerk_email)
    replay = again.post("/birou/autentificare/verificare/", {"method": "totp", "token": code})
    assert replay.status_code == 200
    assert "deja folosit" in replay.content.decode()
    assert again.get("/birou/").status_code == 302


def test_wrong_codes_slow_down_then_end_the_sign_in(world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the count, not the delay, is under test here
    totp_device_for(schema(world), world.resita.clerk_email)
    client = world.resita.client()
    password_step(client, world.resita.clerk_email)
    for _ in range(settings.GHISEU_TWO_FACTOR_MAX_FAILURES - 1):
        response = client.post(
            "/birou/autentificare/verificare/", {"method": "totp", "token": "123456"}
        )
        assert response.status_code == 200
    last = client.post("/birou/autentificare/verificare/", {"method": "totp", "token": "123456"})
    assert last["Location"] == "/birou/autentificare/"
    assert client.get("/birou/autentificare/verificare/")["Location"] == "/birou/autentificare/"
    recorded = actions(world, world.resita.clerk_email)
    assert recorded.count("2fa.failed") == settings.GHISEU_TWO_FACTOR_MAX_FAILURES - 1
    assert "2fa.too_many_failures" in recorded


def test_after_a_wrong_code_the_device_is_locked_for_a_while(world):
    device = totp_device_for(schema(world), world.resita.clerk_email)
    client = world.resita.client()
    password_step(client, world.resita.clerk_email)
    client.post("/birou/autentificare/verificare/", {"method": "totp", "token": "123456"})
    # Right code, but straight after a failure: django-otp's back-off refuses it.
    response = client.post(
        "/birou/autentificare/verificare/", {"method": "totp", "token": code_for(device)}
    )
    assert "Prea multe încercări" in response.content.decode()


def test_a_recovery_code_works_once(world):
    client = world.resita.client()
    sign_in_with_totp(client, schema(world), world.resita.admin_email)
    client.post("/birou/securitate/coduri/noi/")
    page = client.get("/birou/securitate/coduri/").content.decode()
    code = page.split("<code>")[1].split("</code>")[0]
    first = world.resita.client()
    password_step(first, world.resita.admin_email)
    response = first.post("/birou/autentificare/verificare/", {"method": "recovery", "token": code})
    assert response["Location"] == "/birou/"
    second = world.resita.client()
    password_step(second, world.resita.admin_email)
    used = second.post("/birou/autentificare/verificare/", {"method": "recovery", "token": code})
    assert used.status_code == 200 and "deja folosit" in used.content.decode()
    assert "2fa.recovery_code_used" in actions(world, world.resita.admin_email)
    with schema_context(schema(world)):
        assert RecoveryCodeSet.objects.get().remaining == 9


def test_the_pending_sign_in_of_one_uat_is_worthless_on_another(world):
    client = world.resita.client()
    password_step(client, world.resita.admin_email)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    intruder = world.caransebes.client()
    intruder.cookies[settings.SESSION_COOKIE_NAME] = stolen
    assert intruder.get("/birou/autentificare/configurare/")["Location"] == "/birou/autentificare/"


def test_the_last_factor_of_a_required_account_cannot_be_removed(world):
    client = world.resita.client()
    sign_in_with_totp(client, schema(world), world.resita.admin_email)
    device = totp_device_for(schema(world), world.resita.admin_email)
    response = client.post(f"/birou/securitate/elimina/totp/{device.pk}/", follow=True)
    assert "cel puțin o metodă" in response.content.decode()
    with schema_context(schema(world)):
        assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_security_page_lists_sessions_and_signs_out_everywhere(world):
    laptop, phone = world.resita.client(), world.resita.client()
    sign_in_with_totp(laptop, schema(world), world.resita.admin_email)
    sign_in_with_totp_again(phone, world)
    page = laptop.get("/birou/securitate/").content.decode()
    assert page.count("Închide") >= 1 and "aceasta" in page
    laptop.post("/birou/securitate/sesiuni/inchide-toate/")
    assert phone.get("/birou/").status_code == 302
    assert laptop.get("/birou/").status_code == 302
    with schema_context(schema(world)):
        assert not StaffSession.objects.filter(user__email=world.resita.admin_email).exists()
    assert "auth.sessions_ended" in actions(world, world.resita.admin_email)


def sign_in_with_totp_again(client, world):
    """A second sign-in of the same user needs the next time step's code (the last is spent)."""
    device = totp_device_for(schema(world), world.resita.admin_email)
    password_step(client, world.resita.admin_email)
    response = client.post(
        "/birou/autentificare/verificare/",
        {"method": "totp", "token": code_for(device, offset_steps=1)},
    )
    assert response.status_code == 302
