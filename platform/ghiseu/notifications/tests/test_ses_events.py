"""SES bounces and complaints through SNS: genuine messages change the notification; forged,
foreign, stale and replayed ones are rejected. The signing certificate is made here (the
verification is real; only the download of Amazon's certificate is replaced)."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from django_tenants.utils import schema_context

from ghiseu.notifications import delivery, services, sns
from ghiseu.notifications.models import Notification, Status

pytestmark = pytest.mark.django_db

TOPIC = "arn:aws:sns:eu-central-1:123456789012:ghiseu-ses-events"
CERT_URL = "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-test.pem"


@pytest.fixture(scope="module")
def signing_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return key, cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(autouse=True)
def amazon(monkeypatch, settings, signing_key):
    settings.SES_NOTIFICATION_TOPICS = [TOPIC]
    sns.signing_certificate.cache_clear()
    monkeypatch.setattr(
        sns, "signing_certificate", lambda url: signing_key[1] if url == CERT_URL else b""
    )


def sns_message(signing_key, event: dict, *, topic=TOPIC, when=None, key=None, cert_url=CERT_URL):
    message = {
        "Type": "Notification",
        "MessageId": str(uuid.uuid4()),
        "TopicArn": topic,
        "Message": json.dumps(event),
        "Timestamp": (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "SignatureVersion": "2",
        "SigningCertURL": cert_url,
    }
    signed = "".join(f"{k}\n{message[k]}\n" for k in sns.NOTIFICATION_KEYS if k in message)
    signature = (key or signing_key[0]).sign(signed.encode(), padding.PKCS1v15(), hashes.SHA256())
    message["Signature"] = base64.b64encode(signature).decode()
    return message


def sent_email(key: str) -> Notification:
    with schema_context("resita_t"):
        notification = services.notification_send(
            channel="email",
            kind="test",
            recipient="ana@example.org",
            context={},
            idempotency_key=key,
        )
        delivery.notification_deliver(notification_id=notification.pk)
        return notification


def bounce(notification: Notification) -> dict:
    return {
        "notificationType": "Bounce",
        "bounce": {
            "bounceType": "Permanent",
            "bouncedRecipients": [
                {"emailAddress": "ana@example.org", "diagnosticCode": "550 5.1.1 no such user"}
            ],
        },
        "mail": {
            "messageId": "ses-1",
            "headers": [{"name": "X-Ghiseu-Reference", "value": f"resita_t.{notification.uuid}"}],
        },
    }


def post(client, message):
    return client.post(
        "/api/v1/receipts/ses/", json.dumps(message), content_type="application/json"
    )


def status(notification: Notification) -> Notification:
    with schema_context("resita_t"):
        return Notification.objects.get(pk=notification.pk)


def test_a_genuine_permanent_bounce_marks_the_email_failed_with_the_reason(world, signing_key):
    notification = sent_email("b1")
    response = post(world.county_client(), sns_message(signing_key, bounce(notification)))
    assert response.json() == {"code": "ok"}
    failed = status(notification)
    assert failed.status == Status.PERMANENT_FAILURE and "no such user" in failed.last_error


def test_a_complaint_after_delivery_is_recorded(world, signing_key):
    notification = sent_email("c1")
    client = world.county_client()
    reference = {"mail": {"tags": {"ghiseu-reference": [f"resita_t.{notification.uuid}"]}}}
    post(client, sns_message(signing_key, {"notificationType": "Delivery", **reference}))
    assert status(notification).status == Status.DELIVERED
    post(client, sns_message(signing_key, {"notificationType": "Complaint", **reference}))
    assert "spam" in status(notification).last_error


def test_forged_foreign_stale_and_replayed_messages_are_rejected(world, signing_key):
    notification = sent_email("f1")
    client = world.county_client()
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    event = bounce(notification)
    assert post(client, sns_message(signing_key, event, key=other_key)).status_code == 403
    assert (
        post(
            client, sns_message(signing_key, event, topic="arn:aws:sns:eu-central-1:999:evil")
        ).status_code
        == 403
    )
    assert (
        post(
            client,
            sns_message(
                signing_key,
                event,
                cert_url=("https://evil.example.org/SimpleNotificationService.pem"),
            ),
        ).status_code
        == 403
    )
    assert (
        post(
            client, sns_message(signing_key, event, when=datetime.now(UTC) - timedelta(hours=3))
        ).status_code
        == 403
    )
    tampered = sns_message(signing_key, event)
    tampered["Message"] = tampered["Message"].replace("Permanent", "Transient")
    assert post(client, tampered).status_code == 403
    assert status(notification).status == Status.SENT
    genuine = sns_message(signing_key, event)
    assert post(client, genuine).status_code == 200
    assert post(client, genuine).status_code == 409
    assert (
        client.post(
            "/api/v1/receipts/ses/", "not json", content_type="application/json"
        ).status_code
        == 400
    )


def test_a_transient_bounce_changes_nothing(world, signing_key):
    notification = sent_email("t1")
    event = bounce(notification)
    event["bounce"]["bounceType"] = "Transient"
    assert post(world.county_client(), sns_message(signing_key, event)).json() == {
        "code": "ignored"
    }
    assert status(notification).status == Status.SENT


@pytest.mark.parametrize(
    "event",
    [
        {"notificationType": "Bounce", "mail": "not an object", "bounce": {}},
        {"notificationType": "Bounce", "mail": {"headers": ["x"]}, "bounce": ["x"]},
        {
            "notificationType": "Bounce",
            "mail": {},
            "bounce": {"bounceType": "Permanent", "bouncedRecipients": ["x"]},
        },
        ["not", "an", "object"],
    ],
)
def test_a_genuine_but_malformed_event_is_a_400_not_an_error(world, signing_key, event):
    response = post(world.county_client(), sns_message(signing_key, event))
    assert response.status_code in (400, 404)
