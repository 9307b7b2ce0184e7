"""The notification pipeline with real components: a Celery worker process on the embedded
Redis, an SMTP server (aiosmtpd) and an HTTP SMS gateway stand-in, under faults.

"Exactly once as the recipient sees it": every re-send carries the same identity (Message-ID,
SMS reference), so the sink counts distinct Message-IDs and the gateway distinct references.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from ghiseu.notifications.tests.standins import start_gateway, start_smtp_sink
from ghiseu.notifications.tests.worker import Worker, wait_for
from tenants.tests.databases import on_database

REPO = Path(__file__).resolve().parents[1]
STUCK_AFTER = 2.0

pytestmark = [pytest.mark.django_db, pytest.mark.worker]


def committed(function: Callable[[], Any]) -> Any:
    """Run on a connection of its own, in autocommit: the worker sees it at once."""
    return on_database(None, function)


@pytest.fixture(scope="module")
def outside_world() -> Iterator[dict[str, Any]]:
    controller, sink = start_smtp_sink()
    server, gateway, url = start_gateway(timeout_sleep=2.0)
    yield {"smtp": controller, "sink": sink, "gateway": gateway, "gateway_url": url}
    controller.stop()
    server.shutdown()


@pytest.fixture
def pipeline(outside_world, django_db_blocker, tmp_path, settings) -> Iterator[dict[str, Any]]:
    from ghiseu.celery import app

    sink, gateway = outside_world["sink"], outside_world["gateway"]
    sink.messages.clear()
    sink.delay = 0.0
    gateway.requests.clear()
    gateway.accepted.clear()
    gateway.script, gateway.delay = [], 0.0
    database_url = (
        os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + (connection.settings_dict["NAME"])
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_ENV="development",
        DJANGO_SETTINGS_MODULE="ghiseu.settings",
        DATABASE_URL=database_url,
        GHISEU_VAR_DIR=str(tmp_path / "var"),
        CELERY_TASK_ALWAYS_EAGER="false",
        EMAIL_URL=f"smtp://{outside_world['smtp'].hostname}:{outside_world['smtp'].port}",
        SMS_PROVIDERS="http",
        SMS_HTTP_URL=outside_world["gateway_url"],
        SMS_HTTP_TIMEOUT="6",
        NOTIFICATIONS_RETRY_BASE_SECONDS="0.2",
        NOTIFICATIONS_RETRY_MAX_SECONDS="1",
        NOTIFICATIONS_STUCK_AFTER_SECONDS=str(STUCK_AFTER),
        LOG_LEVEL="WARNING",
        PYTHONPATH=f"{REPO / 'platform'}{os.pathsep}{REPO}",
    )
    settings.NOTIFICATIONS_STUCK_AFTER_SECONDS = STUCK_AFTER
    app.conf.task_always_eager = False
    worker = Worker(env)
    with django_db_blocker.unblock():
        worker.start()
        try:
            yield {"worker": worker, "sink": sink, "gateway": gateway}
        finally:
            worker.stop()
            app.conf.task_always_eager = True
            committed(_forget_notifications)


def _forget_notifications() -> None:
    with connection.cursor() as cursor:
        for schema in ("resita_t", "caransebes_t"):
            cursor.execute(f"TRUNCATE {schema}.notifications_notification")
        cursor.execute("TRUNCATE billing_reporting_usageevent")


def send(channel: str, recipient: str, key: str, schema: str = "resita_t") -> int:
    from django_tenants.utils import schema_context

    from ghiseu.notifications import services

    def write() -> int:
        with schema_context(schema):
            return services.notification_send(
                channel=channel,
                kind="test",
                recipient=recipient,
                context={"recipient_name": "Ana"},
                idempotency_key=key,
            ).pk

    return committed(write)


def status_of(notification_id: int, schema: str = "resita_t") -> str:
    from django_tenants.utils import schema_context

    from ghiseu.notifications.models import Notification

    def read() -> str:
        with schema_context(schema):
            return Notification.objects.get(pk=notification_id).status

    return committed(read)


def usage_of(notification_id: int, schema: str = "resita_t") -> list[int]:
    """The usage ledger's rows for one notification (SMS in segments, e-mail as 1), each
    checked against what the notification is worth: what the UAT is billed."""
    from django_tenants.utils import schema_context

    from billing_reporting.models import UsageEvent
    from ghiseu.notifications.models import Notification

    def read() -> list[int]:
        with schema_context(schema):
            row = Notification.objects.get(pk=notification_id)
        worth = row.sms_segments if row.channel == "sms" else 1
        return [
            quantity / worth
            for quantity in UsageEvent.objects.filter(
                schema_name=schema, reference=str(row.uuid)
            ).values_list("quantity", flat=True)
        ]

    return committed(read)


def sweep_now() -> None:
    from ghiseu.notifications.tasks import sweep

    committed(lambda: sweep.apply_async())


def test_a_worker_delivers_email_and_sms(pipeline):
    email = send("email", "ana@example.org", "w-email")
    sms = send("sms", "0722123456", "w-sms")
    wait_for(
        lambda: status_of(email) == "sent" and status_of(sms) == "sent",
        30,
        lambda: "".join(pipeline["worker"].output[-30:]),
    )
    assert len(pipeline["sink"].messages) == 1
    assert list(pipeline["gateway"].accepted) == [pipeline["gateway"].requests[0]["reference"]]


def killed_inside_the_hand_over(
    pipeline, stand_in, notification_id: int, taken: Callable[[], bool], outcome: str
) -> None:
    """SIGKILL the worker while ``stand_in`` (slowed down by the caller) holds the message
    without having answered, start a new one once the sweeper may take the row over, sweep,
    and wait for ``outcome``."""
    worker = pipeline["worker"]
    wait_for(taken, 20)
    worker.kill()
    assert status_of(notification_id) == "sending"
    time.sleep(STUCK_AFTER + 0.5)
    stand_in.delay = 0.0
    worker.start()
    sweep_now()
    wait_for(
        lambda: status_of(notification_id) == outcome, 30, lambda: "".join(worker.output[-30:])
    )


def test_worker_killed_mid_delivery_the_sms_still_arrives_once(pipeline):
    gateway = pipeline["gateway"]
    gateway.delay = 3.0
    sms = send("sms", "0722123456", "w-kill")
    killed_inside_the_hand_over(pipeline, gateway, sms, lambda: len(gateway.requests) == 1, "sent")
    assert len(gateway.requests) >= 2  # sent again after the crash ...
    assert len(gateway.accepted) == 1  # ... and the recipient gets one SMS
    assert usage_of(sms) == [1]  # ... counted once


def test_worker_killed_after_the_smtp_server_took_the_email_does_not_send_it_again(pipeline):
    sink = pipeline["sink"]
    sink.delay = 3.0
    email = send("email", "ana@example.org", "w-kill-smtp")
    killed_inside_the_hand_over(
        pipeline, sink, email, lambda: len(sink.messages) == 1, "unconfirmed"
    )
    time.sleep(1)
    assert len(sink.messages) == 1 and usage_of(email) == [1]


def test_a_redis_restart_loses_the_queue_but_not_the_notification(pipeline):
    from django.conf import settings

    from ghiseu.embedded import redis as embedded_redis

    worker = pipeline["worker"]
    worker.stop()
    email = send("email", "ana@example.org", "w-redis")  # queued in Redis, no worker
    port = int(settings.REDIS_URL.rsplit(":", 1)[1].split("/", 1)[0])
    _restart_redis(port, embedded_redis)
    worker.start()
    time.sleep(STUCK_AFTER + 0.5)
    assert status_of(email) == "created"  # the queued task died with Redis
    sweep_now()
    wait_for(lambda: status_of(email) == "sent", 30, lambda: "".join(worker.output[-30:]))
    assert len(pipeline["sink"].messages) == 1


def _restart_redis(port: int, embedded_redis: Any) -> None:
    subprocess.run(["pkill", "-f", f"redis-server 127.0.0.1:{port}"], check=False)
    wait_for(
        lambda: (
            subprocess.run(
                ["pgrep", "-f", f"redis-server 127.0.0.1:{port}"], capture_output=True, check=False
            ).returncode
            != 0
        ),
        10,
    )
    embedded_redis.start(Path(os.environ.get("TMPDIR", "/tmp")) / f"ghiseu-redis-{port}", port=port)


def test_gateway_errors_and_timeouts_for_a_while_still_deliver_once(pipeline):
    gateway = pipeline["gateway"]
    gateway.script = [503, "timeout", 500, 502]
    sms = send("sms", "0722123456", "w-flaky")
    wait_for(lambda: status_of(sms) == "sent", 40, lambda: "".join(pipeline["worker"].output[-30:]))
    assert len(gateway.requests) == 5 and len(gateway.accepted) == 1


def test_the_same_task_delivered_twice_sends_once(pipeline):
    from ghiseu.notifications.tasks import deliver

    email = send("email", "ana@example.org", "w-twice")
    committed(
        lambda: [
            deliver.apply_async(args=(email,), headers={"_schema_name": "resita_t"})
            for _ in range(3)
        ]
    )
    wait_for(lambda: status_of(email) == "sent", 30)
    time.sleep(1)
    assert len(set(pipeline["sink"].message_ids())) == 1


def test_the_sweeper_racing_a_slow_worker_still_sends_once(pipeline):
    gateway = pipeline["gateway"]
    gateway.delay = STUCK_AFTER + 1.5  # slower than the sweeper's patience
    sms = send("sms", "0722123456", "w-race")
    wait_for(lambda: len(gateway.requests) == 1, 20)
    time.sleep(STUCK_AFTER + 0.2)
    sweep_now()  # takes over the "stuck" row while the first worker is still sending
    wait_for(lambda: len(gateway.requests) == 2, 20)
    wait_for(lambda: status_of(sms) == "sent", 30)
    time.sleep(gateway.delay)
    assert status_of(sms) == "sent" and len(gateway.accepted) == 1


def test_invalid_recipients_fail_permanently_without_reaching_the_worker(pipeline):
    sms = send("sms", "12345", "w-invalid")
    assert status_of(sms) == "permanent-failure"
    time.sleep(1)
    assert pipeline["gateway"].requests == []


def test_a_burst_is_handed_over_in_batches_each_sms_once_and_counted_once(pipeline):
    from django.db import transaction
    from django.db.models import Count
    from django_tenants.utils import schema_context

    from billing_reporting.models import UsageEvent
    from ghiseu.notifications import services
    from ghiseu.notifications.models import Notification

    def burst() -> None:  # sixty notifications in one COMMIT, as a bulk operation makes them
        with schema_context("resita_t"), transaction.atomic():
            for n in range(60):
                services.notification_send(
                    channel="sms",
                    kind="test",
                    recipient="0722123456",
                    context={"recipient_name": "Ana"},
                    idempotency_key=f"w-burst-{n}",
                )

    def rows() -> dict[str, Any]:
        with schema_context("resita_t"):
            burst_rows = Notification.objects.filter(idempotency_key__startswith="w-burst-")
            uuids = [str(u) for u in burst_rows.values_list("uuid", flat=True)]
            return {
                "sent": burst_rows.filter(status="sent").count(),
                "hand_over_starts": burst_rows.aggregate(
                    n=Count("handover_started_at", distinct=True)
                )["n"],
                "counted": UsageEvent.objects.filter(reference__in=uuids).count(),
            }

    committed(burst)
    wait_for(
        lambda: committed(rows)["sent"] == 60, 60, lambda: "".join(pipeline["worker"].output[-30:])
    )
    seen = committed(rows)
    gateway = pipeline["gateway"]
    assert len(gateway.requests) == 60 and len(gateway.accepted) == 60
    assert seen["counted"] == 60
    # Claimed and started together: a few statements for sixty messages, not sixty.
    assert seen["hand_over_starts"] <= 10
