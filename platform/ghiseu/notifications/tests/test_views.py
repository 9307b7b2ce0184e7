from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from django_tenants.utils import schema_context

from ghiseu.audit.models import AuditEvent
from ghiseu.notifications import delivery, services
from ghiseu.notifications.models import Notification, Status, TemplateOverride
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def staff(world, who="admin", portal="resita"):
    p = getattr(world, portal)
    client = p.client()
    email = p.admin_email if who == "admin" else p.clerk_email
    client.post("/birou/autentificare/", {"username": email, "password": PASSWORD})
    return client


def test_the_log_shows_this_uats_notifications_only(world, django_assert_max_num_queries):
    with schema_context("resita_t"):
        for n in range(30):
            services.notification_send(
                channel="email",
                kind="test",
                recipient=f"c{n}@ex.org",
                context={},
                idempotency_key=f"log-{n}",
            )
    client = staff(world)
    with django_assert_max_num_queries(10):
        page = client.get("/birou/notificari/")
    assert page.status_code == 200 and "c29@ex.org" in page.content.decode()
    other = staff(world, portal="caransebes").get("/birou/notificari/").content.decode()
    assert "c29@ex.org" not in other


def test_clerks_may_not_open_the_log(world):
    assert staff(world, who="clerk").get("/birou/notificari/").status_code == 403


def test_an_admin_sends_a_test_confirmation_from_the_log(world, django_capture_on_commit_callbacks):
    client = staff(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/birou/notificari/", {"email": "eu@example.org", "phone": "0722123456"}
        )
    assert response.status_code == 302
    with schema_context("resita_t"):
        assert set(Notification.objects.values_list("channel", "status")) == {
            ("email", "sent"),
            ("sms", "sent"),
        }


def test_a_test_confirmation_to_a_landline_is_refused_at_the_field(world):
    response = staff(world).post("/birou/notificari/", {"phone": "0255 212 345"})
    assert response.status_code == 200
    assert "este un număr de telefon fix" in response.content.decode()
    with schema_context("resita_t"):
        assert not Notification.objects.exists()


def test_a_final_failure_can_be_retried_and_the_retry_is_audited(
    world, django_capture_on_commit_callbacks
):
    with schema_context("resita_t"):
        notification = services.notification_send(
            channel="email", kind="test", recipient="bad", context={}, idempotency_key="retry-me"
        )
        Notification.objects.filter(pk=notification.pk).update(recipient="good@example.org")
    client = staff(world)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/birou/notificari/{notification.uuid}/reincearca/")
    with schema_context("resita_t"):
        assert Notification.objects.get(pk=notification.pk).status == Status.SENT
        assert AuditEvent.objects.filter(action="notification.retried").exists()


def test_another_uats_notification_cannot_be_retried_by_id(world):
    with schema_context("resita_t"):
        notification = services.notification_send(
            channel="email", kind="test", recipient="bad", context={}, idempotency_key="foreign"
        )
    response = staff(world, portal="caransebes").post(
        f"/birou/notificari/{notification.uuid}/reincearca/"
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("{% if %}", "nu este valid"),
        ("Bună {{ nume_inexistent }}", "variabilă necunoscută"),
        ("{% include 'base.html' %}", "nu este valid"),
        ("{% load static %}", "nu este valid"),
    ],
)
def test_a_broken_override_is_refused(world, body, error):
    response = staff(world).post(
        "/birou/notificari/texte/",
        {"kind": "test", "channel": "sms", "language": "ro", "subject": "", "body": body},
    )
    assert response.status_code == 200 and error in response.content.decode()
    with schema_context("resita_t"):
        assert not TemplateOverride.objects.exists()


def test_a_valid_override_is_used_by_that_uat_only(world, django_capture_on_commit_callbacks):
    staff(world).post(
        "/birou/notificari/texte/",
        {
            "kind": "test",
            "channel": "sms",
            "language": "ro",
            "subject": "",
            "body": "{{ institution }} vă salută, {{ recipient_name }}!",
        },
    )
    with schema_context("resita_t"):
        mine = services.notification_send(
            channel="sms",
            kind="test",
            recipient="0722123456",
            context={"recipient_name": "Ana"},
            idempotency_key="o1",
        )
    with schema_context("caransebes_t"):
        theirs = services.notification_send(
            channel="sms",
            kind="test",
            recipient="0722123456",
            context={"recipient_name": "Ana"},
            idempotency_key="o1",
        )
    assert mine.body_text == "Municipiul Resita va saluta, Ana!"  # an SMS, in GSM-7
    assert "va saluta" not in theirs.body_text


def _receipt(client, payload, *, secret="dev-receipts", timestamp=None, signature=None):
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    signature = (
        signature
        or hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    )
    return client.post(
        "/api/v1/receipts/sms/",
        body,
        content_type="application/json",
        HTTP_X_GHISEU_TIMESTAMP=timestamp,
        HTTP_X_GHISEU_SIGNATURE=signature,
    )


def _sent_sms(key):
    with schema_context("resita_t"):
        notification = services.notification_send(
            channel="sms", kind="test", recipient="0722123456", context={}, idempotency_key=key
        )
        delivery.notification_deliver(notification_id=notification.pk)
        return notification


def test_a_signed_receipt_marks_the_sms_delivered(world):
    notification = _sent_sms("r1")
    response = _receipt(
        world.county_client(), {"reference": f"resita_t.{notification.uuid}", "status": "delivered"}
    )
    assert response.json() == {"code": "ok"}
    with schema_context("resita_t"):
        assert Notification.objects.get(pk=notification.pk).status == Status.DELIVERED


def test_forged_stale_replayed_and_unknown_receipts_are_rejected(world):
    notification = _sent_sms("r2")
    payload = {"reference": f"resita_t.{notification.uuid}", "status": "failed"}
    client = world.county_client()
    assert _receipt(client, payload, secret="guessed").status_code == 403
    assert _receipt(client, payload, timestamp=str(int(time.time()) - 3600)).status_code == 403
    assert _receipt(client, payload, timestamp="soon").status_code == 403
    assert (
        client.post("/api/v1/receipts/sms/", "{}", content_type="application/json").status_code
        == 403
    )
    first = _receipt(client, {**payload, "status": "delivered"})
    assert first.status_code == 200
    replay = _receipt(
        client,
        {**payload, "status": "delivered"},
        timestamp=first.request["HTTP_X_GHISEU_TIMESTAMP"],
    )
    assert replay.status_code == 409
    assert (
        _receipt(
            client,
            {"reference": "nope.00000000-0000-0000-0000-000000000000", "status": "delivered"},
        ).status_code
        == 404
    )
    assert _receipt(client, {"no": "reference"}).status_code == 400
    with schema_context("resita_t"):
        assert Notification.objects.get(pk=notification.pk).status == Status.DELIVERED


def test_county_console_shows_pipeline_health_across_uats(world, django_assert_max_num_queries):
    from ghiseu.accounts.models import User

    with schema_context("resita_t"):
        services.notification_send(
            channel="email",
            kind="test",
            recipient="x@example.org",
            context={},
            idempotency_key="h1",
        )
    User.objects.create_superuser("h@judet.example.org", PASSWORD)
    county = world.county_client()
    county.post(
        "/consola/cont/autentificare/", {"username": "h@judet.example.org", "password": PASSWORD}
    )
    # Whatever the number of UATs: session, user, the UAT list and one health query.
    with django_assert_max_num_queries(8):
        page = county.get("/consola/notificari/")
    body = page.content.decode()
    assert (
        page.status_code == 200 and "Municipiul Reșița" in body and "Municipiul Caransebeș" in body
    )
