"""A worker that dies at the worst moments, in process: right after a transport took the
message, while the outcome is being recorded, or beaten by the provider's receipt.

"Dies" is an exception no handler of the pipeline catches (as SIGKILL, nothing after it
runs); the real Celery worker under SIGKILL is in tests/test_notification_worker.py.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import boto3
import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from billing_reporting.models import UsageEvent
from ghiseu.notifications import delivery, services
from ghiseu.notifications.models import Notification, Status
from ghiseu.notifications.transports import email as email_transport
from ghiseu.notifications.transports import sms_http, sms_log, sms_sns

pytestmark = pytest.mark.django_db


class WorkerDied(BaseException):
    """The process is gone: no except clause of the pipeline sees this."""


def dies_once_after(monkeypatch, module):
    """The module's send does its work, then the worker dies, once."""
    real = module.send

    def send(message):
        reference = real(message)
        monkeypatch.setattr(module, "send", real)
        raise WorkerDied(reference)

    monkeypatch.setattr(module, "send", send)


def dying_usage_recorder(**kwargs):
    raise WorkerDied("while recording the usage")


def notification(channel: str, recipient: str, key: str) -> Notification:
    return services.notification_send(
        channel=channel, kind="test", recipient=recipient, context={}, idempotency_key=key
    )


def deliver_dies(pk: int) -> None:
    with pytest.raises(WorkerDied):
        delivery.notification_deliver(notification_id=pk)
    # Long enough ago that the sweeper's worker may claim it again.
    Notification.objects.filter(pk=pk).update(updated_at=timezone.now() - timedelta(hours=1))


def crash_inside_the_hand_over(monkeypatch, module, channel: str, recipient: str, key: str):
    """Die right after ``module`` took the message; then the sweeper's worker claims the row.
    The row as it ends, and what that worker did."""
    row = notification(channel, recipient, key)
    dies_once_after(monkeypatch, module)
    deliver_dies(row.pk)
    assert Notification.objects.get(pk=row.pk).status == Status.SENDING
    outcome = delivery.notification_deliver(notification_id=row.pk).status
    return Notification.objects.get(pk=row.pk), outcome


def usage(row: Notification) -> list[int]:
    return list(
        UsageEvent.objects.filter(reference=str(row.uuid)).values_list("quantity", flat=True)
    )


@pytest.fixture
def sns(monkeypatch, settings):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    settings.SMS_PROVIDERS, settings.SMS_SNS_ENDPOINT_URL = ["sns"], ""
    with mock_aws():
        published: list[dict] = []
        boto3.setup_default_session()
        boto3.DEFAULT_SESSION.events.register(
            "provide-client-params.sns.Publish", lambda params, **_: published.append(params)
        )
        yield published
    boto3.DEFAULT_SESSION = None


def sns_sms_sent() -> int:
    from django.conf import settings

    return len(sns_backends[DEFAULT_ACCOUNT_ID][settings.SMS_SNS_REGION].sms_messages)


def test_an_email_the_smtp_server_took_before_the_worker_died_is_not_sent_again(
    world, smtp_sink, monkeypatch
):
    with schema_context("resita_t"):
        row, outcome = crash_inside_the_hand_over(
            monkeypatch, email_transport, "email", "ana@example.org", "die-smtp"
        )
        assert outcome == "unconfirmed" and row.status == Status.UNCONFIRMED
        assert "întreruptă" in row.last_error
        assert row.sent_at == row.handover_started_at and row.may_retry
        assert usage(row) == [1]
        # The sweeper comes back: an unconfirmed row is final, nothing more is sent.
        assert row.pk not in services.notifications_pending_ids()
        assert delivery.notification_deliver(notification_id=row.pk).status == "not-claimed"
    assert len(smtp_sink.messages) == 1


def test_an_sms_sns_took_before_the_worker_died_is_not_published_again(world, sns, monkeypatch):
    with schema_context("resita_t"):
        row, outcome = crash_inside_the_hand_over(
            monkeypatch, sms_sns, "sms", "0722 123 456", "die-sns"
        )
        assert outcome == "unconfirmed" and usage(row) == [row.sms_segments]
    assert sns_sms_sent() == 1
    assert sns[0]["MessageAttributes"]["Ghiseu.Reference"]["StringValue"] == (
        f"resita_t.{row.uuid}"
    )


def test_an_sms_the_gateway_took_before_the_worker_died_is_handed_over_again_and_collapses(
    world, gateway, monkeypatch
):
    with schema_context("resita_t"):
        row, outcome = crash_inside_the_hand_over(
            monkeypatch, sms_http, "sms", "0722 123 456", "die-http"
        )
        assert outcome == "sent" and row.provider == "http"
        assert usage(row) == [row.sms_segments]
    assert len(gateway.requests) == 2 and len(gateway.accepted) == 1
    assert {r["idempotency_key"] for r in gateway.requests} == {f"resita_t.{row.uuid}"}


def test_a_gateway_that_cannot_deduplicate_gets_no_second_hand_over(
    world, gateway, settings, monkeypatch
):
    settings.SMS_HTTP_DEDUPLICATES = False
    with schema_context("resita_t"):
        _row, outcome = crash_inside_the_hand_over(
            monkeypatch, sms_http, "sms", "0722 123 456", "die-http-nodedup"
        )
    assert outcome == "unconfirmed" and len(gateway.requests) == 1


def test_the_demo_outbox_rewrites_the_same_file_after_a_crash(
    world, settings, tmp_path, monkeypatch
):
    settings.SMS_PROVIDERS, settings.SMS_OUTBOX_DIR = ["log"], str(tmp_path)
    with schema_context("resita_t"):
        row, outcome = crash_inside_the_hand_over(
            monkeypatch, sms_log, "sms", "0722 123 456", "die-log"
        )
    assert outcome == "sent"
    assert [path.name for path in Path(tmp_path).iterdir()] == [f"sms-resita_t.{row.uuid}.txt"]


def test_a_re_sent_hand_over_uses_the_provider_it_began_with_not_the_failover(
    world, gateway, settings
):
    settings.SMS_FAILOVER_AFTER_ATTEMPTS = 0  # the next attempt would go to "log"
    with schema_context("resita_t"):
        row = notification("sms", "0722 123 456", "die-failover")
        Notification.objects.filter(pk=row.pk).update(
            status=Status.SENDING,
            attempts=0,
            provider="http",
            handover_started_at=timezone.now() - timedelta(hours=1),
            updated_at=timezone.now() - timedelta(hours=1),
        )
        assert delivery.notification_deliver(notification_id=row.pk).status == "sent"
        assert Notification.objects.get(pk=row.pk).provider == "http"
    assert len(gateway.requests) == 1


@pytest.mark.parametrize(
    ("channel", "recipient"), [("email", "ana@example.org"), ("sms", "0722123456")]
)
def test_a_worker_dying_while_it_records_the_outcome_still_counts_the_message_once(
    world, smtp_sink, gateway, settings, channel, recipient
):
    with schema_context("resita_t"):
        row = notification(channel, recipient, f"die-usage-{channel}")
        recorder = settings.NOTIFICATIONS_USAGE_RECORDER
        settings.NOTIFICATIONS_USAGE_RECORDER = f"{__name__}.dying_usage_recorder"
        deliver_dies(row.pk)
        # Nothing of the outcome was committed without its usage.
        assert Notification.objects.get(pk=row.pk).status == Status.SENDING
        settings.NOTIFICATIONS_USAGE_RECORDER = recorder
        outcome = delivery.notification_deliver(notification_id=row.pk).status
        row = Notification.objects.get(pk=row.pk)
    assert outcome == ("unconfirmed" if channel == "email" else "sent")
    assert usage(row) == [1 if channel == "email" else row.sms_segments]
    assert len(smtp_sink.messages) + len(gateway.accepted) == 1


def test_a_receipt_that_beats_the_worker_still_counts_the_sms_once(world, gateway, monkeypatch):
    real = sms_http.send

    def send_then_receipt(message):
        reference = real(message)
        # A fast gateway: its delivery receipt lands before the worker records anything.
        services.notification_receipt(
            notification_uuid=message.reference.split(".")[1], delivered=True
        )
        return reference

    monkeypatch.setattr(sms_http, "send", send_then_receipt)
    with schema_context("resita_t"):
        row = notification("sms", "0722 123 456", "receipt-first")
        assert delivery.notification_deliver(notification_id=row.pk).status == "sent"
        row = Notification.objects.get(pk=row.pk)
        assert row.status == Status.DELIVERED and row.sent_at is not None
        assert usage(row) == [row.sms_segments]
        # A late second receipt (a bounce) changes the status, not the count.
        services.notification_receipt(notification_uuid=str(row.uuid), delivered=False, error="x")
        assert usage(row) == [row.sms_segments]


def waiting(channel: str, recipient: str, prefix: str, count: int) -> list[Notification]:
    return [notification(channel, recipient, f"{prefix}-{n}") for n in range(count)]


def dies_after_sending(monkeypatch, module, count: int) -> None:
    """The module's send works ``count`` times, then the worker dies right after the last."""
    real, sent = module.send, []

    def send(message):
        reference = real(message)
        sent.append(reference)
        if len(sent) == count:
            monkeypatch.setattr(module, "send", real)
            raise WorkerDied(reference)
        return reference

    monkeypatch.setattr(module, "send", send)


def a_batch_dies(monkeypatch, module, channel: str, recipient: str, prefix: str):
    """Five notifications waiting; the worker draining them dies right after the transport
    took the third."""
    rows = waiting(channel, recipient, prefix, 5)
    dies_after_sending(monkeypatch, module, 3)
    with pytest.raises(WorkerDied):
        delivery.notifications_deliver_waiting(limit=50)
    return rows


def sweeper_takes_over(rows: list[Notification]) -> list[str]:
    """What the sweeper's worker makes of each row, once the dead worker's claims expired."""
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
        updated_at=timezone.now() - timedelta(hours=1)
    )
    assert {row.pk for row in rows} <= set(services.notifications_pending_ids())
    return [delivery.notification_deliver(notification_id=row.pk).status for row in rows]


def test_a_worker_dying_inside_a_batch_to_the_gateway_loses_nothing_and_the_recipients_get_one_sms_each(
    world, gateway, settings, monkeypatch
):
    settings.SMS_HTTP_TIMEOUT = 10  # a loaded machine answers several at once slowly
    with schema_context("resita_t"):
        rows = a_batch_dies(monkeypatch, sms_http, "sms", "0722 123 456", "batch-http")
        # One statement started every hand-over of the batch; none has an outcome yet.
        assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENDING}
        assert usage(rows[0]) == []
        assert sweeper_takes_over(rows) == ["sent"] * 5
        assert [usage(row) for row in rows] == [[row.sms_segments] for row in rows]
    # What the gateway took before the crash went again, and collapsed.
    assert len(gateway.requests) >= 8 and len(gateway.accepted) == 5


def test_a_worker_dying_inside_a_batch_of_emails_leaves_one_unconfirmed_and_sends_none_twice(
    world, smtp_sink, monkeypatch
):
    with schema_context("resita_t"):
        rows = a_batch_dies(monkeypatch, email_transport, "email", "ana@example.org", "batch-smtp")
        # SMTP cannot collapse a repeat: each outcome was committed before the next began.
        statuses = [Notification.objects.get(pk=row.pk).status for row in rows]
        assert statuses == [
            Status.SENT,
            Status.SENT,
            Status.SENDING,
            Status.SENDING,
            Status.SENDING,
        ]
        outcomes = sweeper_takes_over(rows[2:])
        assert outcomes == ["unconfirmed", "sent", "sent"]
        assert [usage(row) for row in rows] == [[1]] * 5
    assert len(smtp_sink.messages) == 5 and len(set(smtp_sink.message_ids())) == 5
