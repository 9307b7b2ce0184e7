from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_exists
from PIL import Image

from ghiseu.accounts.models import User
from tenants.models import UAT
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(world):
    User.objects.create_superuser("consola@judet.example.org", PASSWORD)
    client = world.county_client()
    client.post(
        "/consola/cont/autentificare/",
        {"username": "consola@judet.example.org", "password": PASSWORD},
    )
    return client


def form(**overrides):
    values = {
        "official_name": "Orașul Anina",
        "short_name": "Anina",
        "kind": "oras",
        "slug": "anina",
        "siruta": "50889",
        "admin_email": "primar@anina.example.org",
        "primary_color": "#222222",
        "secondary_color": "#c9a227",
    }
    values.update(overrides)
    return values


def test_console_requires_a_county_admin(world):
    response = world.county_client().get("/consola/")
    assert response.status_code == 302 and "autentificare" in response["Location"]


def test_county_admin_onboards_a_uat_from_the_form(
    console, django_capture_on_commit_callbacks, mailoutbox
):
    buffer = BytesIO()
    Image.new("RGB", (64, 64), "#222222").save(buffer, format="JPEG")
    upload = SimpleUploadedFile("stema.jpg", buffer.getvalue(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post("/consola/uat-nou/", {**form(), "coat_of_arms": upload})
    assert response.status_code == 302 and response["Location"] == "/consola/uat/anina/"
    assert schema_exists("anina")
    assert UAT.objects.get(slug="anina").coat_of_arms_content_type == "image/jpeg"
    assert mailoutbox[-1].to == ["primar@anina.example.org"]
    detail = console.get("/consola/uat/anina/").content.decode()
    assert "anina.localhost" in detail and "uat.onboarded" in detail


def test_console_shows_every_error_and_creates_nothing(console):
    upload = SimpleUploadedFile("stema.png", b"MZ not really a png", content_type="image/png")
    response = console.post(
        "/consola/uat-nou/", {**form(slug="www", primary_color="verde"), "coat_of_arms": upload}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "nu este o imagine" in body
    assert not UAT.objects.filter(official_name="Orașul Anina").exists()


def test_duplicate_slug_and_siruta_are_refused(console, world):
    response = console.post("/consola/uat-nou/", form(slug="resita-t", siruta="990001"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "deja folosit" in body
    assert "SIRUTA" in body


def test_suspended_portal_shows_a_clear_notice_and_can_be_reactivated(console, world):
    console.post(
        "/consola/uat/caransebes-t/stare/", {"status": "suspended", "reason": "mentenanță"}
    )
    page = world.caransebes.client().get("/")
    assert page.status_code == 503
    assert "suspendat temporar" in page.content.decode()
    assert "mentenanță" in page.content.decode()
    english = world.caransebes.client()
    english.cookies["ghiseu_lang"] = "en"
    assert world.resita.client().get("/").status_code == 200
    console.post("/consola/uat/caransebes-t/stare/", {"status": "active"})
    assert world.caransebes.client().get("/").status_code == 200


def test_archived_portal_says_it_is_gone(console, world):
    console.post("/consola/uat/caransebes-t/stare/", {"status": "archived"})
    assert world.caransebes.client().get("/").status_code == 410
    assert "Caransebeș" not in world.county_client().get("/").content.decode()


def test_forged_status_is_refused(console, world):
    console.post("/consola/uat/resita-t/stare/", {"status": "deleted"})
    world.resita.uat.refresh_from_db()
    assert world.resita.uat.status == "active"


def test_console_list_query_count_is_bounded(console, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert console.get("/consola/").status_code == 200


def test_directory_api_lists_uats(world):
    data = world.county_client().get("/api/v1/uat/").json()
    slugs = {row["slug"] for row in data["results"]}
    assert {"resita-t", "caransebes-t"} <= slugs


def test_county_admin_sets_a_uats_sms_quota_and_it_is_audited(console, world):
    from ghiseu.audit.models import AuditEvent

    console.post("/consola/uat/resita-t/cota-sms/", {"sms_quota_monthly": "250"})
    world.resita.uat.refresh_from_db()
    assert world.resita.uat.sms_quota_monthly == 250
    assert AuditEvent.objects.filter(action="uat.sms_quota_changed").exists()
    console.post("/consola/uat/resita-t/cota-sms/", {"sms_quota_monthly": "-5"})
    world.resita.uat.refresh_from_db()
    assert world.resita.uat.sms_quota_monthly == 250
    console.post("/consola/uat/resita-t/cota-sms/", {"sms_quota_monthly": ""})
    world.resita.uat.refresh_from_db()
    assert world.resita.uat.sms_quota_monthly is None


def test_the_county_resets_a_uat_clerks_lost_second_factor_with_a_reason_and_they_enrol_again(
    world, console, settings, django_capture_on_commit_callbacks, mailoutbox
):
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tenants.utils import schema_context

    from ghiseu.accounts.tests.twofactor_helpers import password_step, totp_device_for
    from ghiseu.audit.models import AuditEvent

    schema, email = world.resita.uat.schema_name, world.resita.clerk_email
    totp_device_for(schema, email)
    with schema_context(schema):
        clerk = User.objects.get(email=email)
    page = console.get("/consola/uat/resita-t/").content.decode()
    assert "Resetează verificarea în doi pași" in page and email in page
    url = "/consola/uat/resita-t/reseteaza-2fa/"
    for bad, message in (
        ({"user": clerk.pk, "reason": "   "}, "obligatoriu"),
        ({"user": 999999, "reason": "Telefon pierdut"}, "valid"),
        ({"user": "x", "reason": "Telefon pierdut"}, "valid"),
    ):
        response = console.post(url, bad)
        assert response.status_code == 400 and message in response.content.decode()
    with schema_context(schema):
        assert TOTPDevice.objects.filter(user=clerk).exists()
    # Only county administrators; a UAT's own staff are not on the county site at all.
    assert world.county_client().post(url, {"user": clerk.pk, "reason": "x"}).status_code == 302
    assert world.resita.client().post(url, {"user": clerk.pk, "reason": "x"}).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            url, {"user": clerk.pk, "reason": "Telefon pierdut, sunat la 10:05"}
        )
    assert response.status_code == 302
    with schema_context(schema):
        assert not TOTPDevice.objects.filter(user=clerk).exists()
        event = AuditEvent.objects.get(action="2fa.reset", object_id=str(clerk.pk))
        assert event.actor_id is None and "Consiliul Județean" in event.actor_label
        assert event.data["reason"] == "Telefon pierdut, sunat la 10:05"
    county_event = AuditEvent.objects.get(action="uat.staff_two_factor_reset")
    assert county_event.data["user_id"] == clerk.pk
    assert "uat.staff_two_factor_reset" in console.get("/consola/uat/resita-t/").content.decode()
    assert mailoutbox[-1].to == [email] and "Telefon pierdut" in mailoutbox[-1].body
    # A clerk's second factor is not otherwise required here: after the reset it is.
    settings.GHISEU_TWO_FACTOR_ENFORCED = True
    assert password_step(world.resita.client(), email) == "/birou/autentificare/configurare/"
