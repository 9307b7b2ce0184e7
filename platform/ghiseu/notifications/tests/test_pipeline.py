"""The pipeline in-process (tasks run eagerly) against a real SMTP server and HTTP gateway."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django_tenants.utils import schema_context

from billing_reporting.models import UsageEvent
from ghiseu.notifications import delivery, services
from ghiseu.notifications.models import Notification, Status
from tenants.models import UAT

pytestmark = pytest.mark.django_db


def fresh(notification: Notification, schema: str = "resita_t") -> Notification:
    with schema_context(schema):
        return Notification.objects.get(pk=notification.pk)


def send(channel: str, recipient: str, key: str, **context):
    return services.notification_send(
        channel=channel,
        kind="test",
        recipient=recipient,
        context={"recipient_name": "Ana", **context},
        idempotency_key=key,
    )


def test_an_email_is_persisted_then_delivered_once_with_a_stable_message_id(
    world, smtp_sink, django_capture_on_commit_callbacks
):
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        notification = send("email", "Ana@Example.org", "k1")
    notification = fresh(notification)
    assert notification.status == Status.SENT and notification.recipient == "ana@example.org"
    assert len(smtp_sink.messages) == 1
    message = smtp_sink.messages[0]
    assert message["Message-ID"] == f"<resita_t.{notification.uuid}@localhost>"
    assert "Municipiul Reșița" in message["Subject"]
    assert "Municipiul Reșița" in message["From"]
    html = next(part for part in message.walk() if part.get_content_type() == "text/html")
    assert "#9b1c1c" in html.get_payload(decode=True).decode()
    assert UsageEvent.objects.filter(schema_name="resita_t", kind="email").count() == 1


def test_the_same_idempotency_key_twice_gives_one_notification(
    world, smtp_sink, django_capture_on_commit_callbacks
):
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        first = send("email", "ana@example.org", "same")
        second = send("email", "ana@example.org", "same")
        assert first.pk == second.pk and Notification.objects.count() == 1
    assert len(smtp_sink.messages) == 1


def test_an_sms_is_normalised_counted_and_handed_to_the_gateway(
    world, gateway, django_capture_on_commit_callbacks
):
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        notification = send("sms", "0722 123 456", "s1")
    notification = fresh(notification)
    assert notification.recipient == "+40722123456"
    # "Reșița" and "funcționează" go without diacritics: GSM-7, not UCS-2
    assert notification.sms_encoding == "GSM-7" and "Resita" in notification.body_text
    assert notification.status == Status.SENT and notification.provider == "http"
    assert [r["to"] for r in gateway.requests] == ["+40722123456"]
    assert gateway.requests[0]["reference"] == f"resita_t.{notification.uuid}"
    assert (
        UsageEvent.objects.get(schema_name="resita_t", kind="sms").quantity
        == notification.sms_segments
    )


@pytest.mark.parametrize(
    ("channel", "recipient"), [("email", "not-an-address"), ("sms", "12345"), ("sms", "0722 12")]
)
def test_invalid_recipients_end_in_permanent_failure_without_any_attempt(
    world, gateway, smtp_sink, channel, recipient, django_capture_on_commit_callbacks
):
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True) as queued:
        notification = send(channel, recipient, f"bad-{channel}-{recipient}")
    assert queued == []
    assert notification.status == Status.PERMANENT_FAILURE
    assert "invalid" in notification.last_error.lower() or "invalid" in notification.last_error
    assert gateway.requests == [] and smtp_sink.messages == []


def test_a_gateway_refusal_is_permanent_and_never_retried(
    world, gateway, django_capture_on_commit_callbacks
):
    gateway.script = [422]
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        notification = send("sms", "0722123456", "refused")
    notification = fresh(notification)
    assert notification.status == Status.PERMANENT_FAILURE and notification.attempts == 1
    assert "422" in notification.last_error and len(gateway.requests) == 1


def test_gateway_errors_and_timeouts_are_retried_until_it_recovers(
    world, gateway, settings, django_capture_on_commit_callbacks
):
    settings.SMS_FAILOVER_AFTER_ATTEMPTS = 10
    gateway.script = [503, "timeout", 500]
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        notification = send("sms", "0722123456", "flaky")
    notification = fresh(notification)
    assert notification.status == Status.SENT and notification.attempts == 4
    assert len(gateway.accepted) == 1


def test_after_repeated_failures_the_secondary_provider_takes_over(
    world, gateway, settings, django_capture_on_commit_callbacks
):
    gateway.script = [503] * 20
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        notification = send("sms", "0722123456", "failover")
    notification = fresh(notification)
    assert notification.status == Status.SENT and notification.provider == "log"
    assert len(gateway.requests) == settings.SMS_FAILOVER_AFTER_ATTEMPTS


def test_retries_are_bounded_and_end_in_a_technical_failure(
    world, gateway, settings, django_capture_on_commit_callbacks
):
    settings.SMS_PROVIDERS = ["http"]
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    gateway.script = [503] * 10
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        notification = send("sms", "0722123456", "doomed")
    notification = fresh(notification)
    assert notification.status == Status.TECHNICAL_FAILURE and notification.attempts == 3


def test_the_same_task_delivered_twice_sends_once(world, smtp_sink):
    with schema_context("resita_t"):
        notification = send("email", "ana@example.org", "twice")
        assert delivery.notification_deliver(notification_id=notification.pk).status == "sent"
        assert (
            delivery.notification_deliver(notification_id=notification.pk).status == "not-claimed"
        )
    assert len(smtp_sink.messages) == 1


def test_a_late_worker_cannot_overwrite_the_outcome_of_the_one_that_took_over(world, smtp_sink):
    from datetime import timedelta

    from django.utils import timezone

    with schema_context("resita_t"):
        notification = send("email", "ana@example.org", "race")
        # Worker A claimed it long ago and then hung (its claim expired).
        Notification.objects.filter(pk=notification.pk).update(
            status=Status.SENDING, attempts=1, updated_at=timezone.now() - timedelta(hours=1)
        )
        stale = Notification.objects.get(pk=notification.pk)
        # The sweeper's worker B takes over and sends.
        assert delivery.notification_deliver(notification_id=notification.pk).status == "sent"
        # Worker A wakes up and records a failure: refused, B's outcome stands.
        delivery._settle([delivery.Result(stale, Status.TEMPORARY_FAILURE, error="late")])
        notification = Notification.objects.get(pk=notification.pk)
        assert notification.status == Status.SENT and notification.last_error == ""


def test_quota_exhaustion_skips_the_sms_with_a_reason_and_the_email_still_goes(
    world, gateway, smtp_sink, django_capture_on_commit_callbacks
):
    UAT.objects.filter(schema_name="resita_t").update(sms_quota_monthly=0)
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        sms = send("sms", "0722123456", "q-sms")
        email = send("email", "ana@example.org", "q-email")
    sms = fresh(sms)
    email = fresh(email)
    assert sms.status == Status.SKIPPED and "Cota lunară de SMS" in sms.last_error
    assert email.status == Status.SENT and gateway.requests == []
    # Caransebeș's quota is its own.
    with schema_context("caransebes_t"), django_capture_on_commit_callbacks(execute=True):
        other = send("sms", "0722123456", "q-other")
    other = fresh(other, "caransebes_t")
    assert other.status == Status.SENT


def test_one_uats_notifications_are_invisible_to_another(
    world, smtp_sink, django_capture_on_commit_callbacks
):
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        send("email", "ana@example.org", "mine")
    with schema_context("caransebes_t"):
        assert not Notification.objects.filter(idempotency_key="mine").exists()
        # the same key in another UAT is another notification
        assert send("email", "ana@example.org", "mine").pk is not None
    assert (
        UsageEvent.objects.filter(schema_name="caransebes_t").aggregate(total=Sum("quantity"))[
            "total"
        ]
        is None
    )


def test_usage_is_counted_once_per_notification_and_month(world):
    from billing_reporting.metering import sms_allowance, usage_record

    for _ in range(3):  # a retried task records the same use again
        usage_record(schema="resita_t", kind="sms", quantity=2, reference="same-notification")
    usage_record(schema="resita_t", kind="sms", quantity=1, reference="another")
    used, quota = sms_allowance(schema="resita_t")
    assert used == 3 and quota == 1000
    assert sms_allowance(schema="caransebes_t")[0] == 0


def test_a_burst_of_commits_queues_one_drain_and_the_next_commit_after_it_started_another(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from ghiseu.notifications import queue, tasks

    queued = []
    monkeypatch.setattr(
        tasks.deliver_waiting, "apply_async", lambda **options: queued.append(options)
    )
    with schema_context("resita_t"):
        cache.delete(queue.WAKE_KEY)
        for n in range(5):
            with django_capture_on_commit_callbacks(execute=True):
                send("sms", "0722123456", f"burst-{n}")
        assert [options["headers"] for options in queued] == [{"_schema_name": "resita_t"}]
        queue.drain_started()
        with django_capture_on_commit_callbacks(execute=True):
            send("sms", "0722123456", "burst-late")
    assert len(queued) == 2


def test_one_drain_sends_a_whole_batch_and_counts_it_in_one_ledger_write(
    world, gateway, settings, django_assert_max_num_queries
):
    from billing_reporting.models import UsageMonth

    settings.SMS_HTTP_TIMEOUT = 10  # a loaded machine answers eight at once slowly

    with schema_context("resita_t"):
        rows = [send("sms", "0722123456", f"batch-{n}") for n in range(30)]
        # claim, quota (2), hand-over start, outcomes and usage in one transaction (4)
        with django_assert_max_num_queries(8):
            outcomes = delivery.notifications_deliver_waiting(limit=50)
        assert set(outcomes) == {row.pk for row in rows}
        assert {outcome.status for outcome in outcomes.values()} == {"sent"}
        assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}
    assert len(gateway.accepted) == 30
    assert UsageEvent.objects.filter(schema_name="resita_t", kind="sms").count() == 30
    month = UsageMonth.objects.get(schema_name="resita_t", kind="sms")
    assert month.quantity == sum(row.sms_segments for row in rows)


def test_the_quota_is_kept_inside_a_batch(world, gateway, settings):
    settings.SMS_HTTP_TIMEOUT = 10
    UAT.objects.filter(schema_name="resita_t").update(sms_quota_monthly=3)
    with schema_context("resita_t"):
        rows = [send("sms", "0722123456", f"quota-batch-{n}") for n in range(5)]
        outcomes = delivery.notifications_deliver_waiting(limit=50)
    assert [outcomes[row.pk].status for row in rows] == ["sent"] * 3 + ["skipped"] * 2
    assert len(gateway.accepted) == 3


def test_a_slow_gateway_gets_the_rest_of_the_batch_back_in_the_queue_untouched(
    world, gateway, settings
):
    settings.NOTIFICATIONS_STUCK_AFTER_SECONDS = 0.6  # a batch may take 0.3 s
    settings.NOTIFICATIONS_HANDOVER_THREADS = 2
    settings.SMS_HTTP_TIMEOUT = 10
    gateway.delay = 0.2
    with schema_context("resita_t"):
        rows = [send("sms", "0722123456", f"slow-{n}") for n in range(8)]
        first = delivery.notifications_deliver_waiting(limit=50)
        assert 2 <= len(first) < 8
        left = Notification.objects.exclude(pk__in=list(first))
        assert {(r.status, r.attempts, r.handover_started_at) for r in left} == {
            (Status.CREATED, 0, None)
        }
        gateway.delay = 0
        while delivery.notifications_deliver_waiting(limit=50):
            pass
        assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}
    assert len(gateway.requests) == len(rows) == len(gateway.accepted)


def test_a_batch_out_of_time_gives_back_an_interrupted_hand_over_with_its_provider(
    world, gateway, settings
):
    from datetime import timedelta

    from django.utils import timezone

    with schema_context("resita_t"):
        interrupted = send("sms", "0722123456", "late-interrupted")
        fresh_row = send("sms", "0722123456", "late-fresh")
        began = timezone.now() - timedelta(hours=1)
        Notification.objects.filter(pk=interrupted.pk).update(
            provider="http", handover_started_at=began
        )
        settings.NOTIFICATIONS_STUCK_AFTER_SECONDS = 0  # no time left for any hand-over
        assert delivery.notifications_deliver_waiting(limit=50) == {}
        kept, other = (Notification.objects.get(pk=r.pk) for r in (interrupted, fresh_row))
    # Back in the queue; the interrupted one still goes only to the gateway it began with.
    assert (kept.status, kept.attempts, kept.provider) == (Status.CREATED, 0, "http")
    assert kept.handover_started_at is not None
    assert (other.status, other.attempts, other.handover_started_at) == (Status.CREATED, 0, None)
    assert gateway.requests == []


def test_a_commit_whose_callbacks_run_in_another_schema_still_wakes_its_uats_drain(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from ghiseu.notifications import queue, tasks

    queued = []
    monkeypatch.setattr(
        tasks.deliver_waiting, "apply_async", lambda **options: queued.append(options)
    )
    with schema_context("resita_t"):
        cache.delete(queue.WAKE_KEY)
    for n in range(2):
        # The callbacks run once the connection is back on the public schema.
        with django_capture_on_commit_callbacks(execute=True), schema_context("resita_t"):
            send("sms", "0722123456", f"elsewhere-{n}")
        with schema_context("resita_t"):
            queue.drain_started()  # the drain the first commit queued clears the UAT's flag
    assert [options["headers"] for options in queued] == [{"_schema_name": "resita_t"}] * 2
