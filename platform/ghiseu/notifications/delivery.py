"""Delivery in batches: many rows claimed in one statement, each handed to its transport, every
outcome recorded with its usage under the claim, in one transaction per batch.

The guarantees are those of one notification at a time:
- a claim is a conditional update; exactly one worker holds a row (SKIP LOCKED keeps two
  workers draining the same UAT off each other's rows);
- a hand-over's start (with its provider) is committed before the transport is called, so a
  worker that claims a row whose hand-over began knows it may have reached the provider: it
  sends again only through the same transport, and only if that transport collapses a repeat
  (same reference); otherwise the row ends "unconfirmed" (counted as sent, never re-sent);
- an outcome is recorded only while its worker still holds the claim, and the usage of what
  was handed over in the same transaction: counted once, whatever crashes.

How a batch is handed over depends on the transport. One that deduplicates gets the start of
every hand-over of the batch in one statement and every outcome in one transaction at the end:
a crash in between repeats the batch to a provider that collapses the repeats. One that cannot
(SMTP, SES, SNS) gets each message's start and outcome committed around its own call, so a
crash leaves at most the one message it interrupted unconfirmed, as before batching.
"""

from __future__ import annotations

import contextvars
import logging
import os
import random
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ghiseu.ops.tenancy import tenant_db

from . import rendering
from .models import CLAIMABLE, HANDED_OVER, Channel, Notification, Status
from .queue import notifications_wake
from .transports import Outgoing, TransportError
from .transports import email as email_transport
from .transports.registry import sms_providers, transport_named

logger = logging.getLogger(__name__)

FAILURES = (Status.TEMPORARY_FAILURE, Status.PERMANENT_FAILURE, Status.TECHNICAL_FAILURE)


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_in: float | None = None  # seconds, when a retry should be scheduled


@dataclass
class Result:
    """What became of one claimed row, to be recorded under its claim."""

    notification: Notification
    status: str
    provider: str = ""
    reference: str = ""
    error: str = ""
    retry_in: float | None = None
    at: datetime = field(default_factory=timezone.now)


def notification_deliver(*, notification_id: int) -> Outcome:
    """One row by id: a retry that came due, the sweeper's re-queue, a repeated task."""
    stuck = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_STUCK_AFTER_SECONDS)
    claimed = _claim(
        "id = %s AND (status = ANY(%s) OR (status = %s AND updated_at < %s))",
        [notification_id, list(CLAIMABLE), Status.SENDING, stuck],
    )
    if not claimed:
        return Outcome("not-claimed")
    return _deliver(claimed).get(notification_id, Outcome("not-claimed"))


def notifications_deliver_waiting(*, limit: int) -> dict[int, Outcome]:
    """The next ``limit`` rows waiting to be sent, oldest first, skipping any another worker
    is claiming at the same moment. Retries wait for their own countdown (not "created")."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    return _deliver(
        _claim(
            f"id IN (SELECT id FROM {table} WHERE status = %s "  # noqa: S608 (our table)
            "ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)",
            [Status.CREATED, limit],
        )
    )


def _claim(condition: str, params: list[Any]) -> list[Notification]:
    """Claim every row matching ``condition`` in one autocommitted statement."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    claimed = Notification.objects.raw(
        f"UPDATE {table} SET status = %s, attempts = attempts + 1, updated_at = %s "  # noqa: S608
        f"WHERE {condition} RETURNING *",
        [Status.SENDING, timezone.now(), *params],
    )
    return sorted(claimed, key=lambda row: row.pk)


def _deliver(claimed: list[Notification]) -> dict[int, Outcome]:
    # Whatever is not handed over by then goes back to the queue, long before the sweeper
    # would think it stuck and give it to another worker.
    deadline = time.monotonic() + settings.NOTIFICATIONS_STUCK_AFTER_SECONDS / 2
    results: list[Result] = []
    by_transport: dict[str, tuple[Any, list[Notification]]] = {}
    refusals = _sms_quota_refusals(row for row in claimed if row.handover_started_at is None)
    for row in claimed:
        if row.handover_started_at is not None:
            # An earlier worker died (or stalled past the sweeper's patience) in the transport.
            transport = transport_named(row.provider)
            if transport is None or not transport.deduplicates():
                results.append(_unconfirmed(row))
                continue
        elif row.pk in refusals:
            results.append(Result(row, Status.SKIPPED, error=refusals[row.pk]))
            continue
        else:
            transport = _transport(row)
        by_transport.setdefault(transport.name, (transport, []))[1].append(row)
    _settle(results)
    sender = rendering.branding_context()["institution"] if by_transport else ""
    for transport, rows in by_transport.values():
        hand_over = _hand_over_together if transport.deduplicates() else _hand_over_one_by_one
        results += hand_over(transport, rows, sender, deadline)
    # What this worker did, even where a receipt or a successor recorded the row first.
    return {result.notification.pk: Outcome(result.status, result.retry_in) for result in results}


def _unconfirmed(row: Notification) -> Result:
    return Result(
        row,
        Status.UNCONFIRMED,
        error=_(
            "Predarea către %(provider)s a fost întreruptă (procesul s-a oprit) și "
            "furnizorul nu poate recunoaște o retrimitere: mesajul nu se retrimite automat."
        )
        % {"provider": row.provider or "?"},
    )


def _hand_over_together(
    transport: Any, rows: list[Notification], sender: str, deadline: float
) -> list[Result]:
    """A transport that collapses repeats: every start in one statement, the messages handed
    over side by side (a provider's latency is waited for once per batch, not per message),
    every outcome in one transaction."""
    # Rows no earlier worker began to hand over (the others keep their start when released).
    fresh = {row.pk for row in rows if row.handover_started_at is None}
    if time.monotonic() > deadline:
        _release(rows, fresh=fresh)
        return []
    started = _start_hand_overs(transport, rows)
    # Built here: the schema (in the reference) is this thread's connection's.
    messages = {row.pk: _outgoing(row, sender) for row in started}

    def hand_over(row: Notification) -> Result | None:
        if time.monotonic() > deadline:
            return None
        return _send(transport, row, messages[row.pk])

    if len(started) > 1 and settings.NOTIFICATIONS_HANDOVER_THREADS > 1:
        # Each in a copy of this context, so log records keep the UAT's tag.
        handed = list(_pool().map(lambda r: contextvars.copy_context().run(hand_over, r), started))
    else:
        handed = [hand_over(row) for row in started]
    unsent = [row for row, result in zip(started, handed, strict=True) if result is None]
    _release(unsent, fresh=fresh)
    results = [result for result in handed if result is not None]
    _settle(results)
    return results


_pools: dict[tuple[int, int], ThreadPoolExecutor] = {}


def _pool() -> ThreadPoolExecutor:
    """This process's hand-over threads (a forked worker process makes its own)."""
    key = (os.getpid(), settings.NOTIFICATIONS_HANDOVER_THREADS)
    pool = _pools.get(key)
    if pool is None:
        pool = _pools[key] = ThreadPoolExecutor(max_workers=key[1], thread_name_prefix="handover")
    return pool


def _hand_over_one_by_one(
    transport: Any, rows: list[Notification], sender: str, deadline: float
) -> list[Result]:
    """A transport that cannot collapse a repeat: each outcome is committed before the next
    hand-over starts, so a crash leaves at most one message unconfirmed."""
    results: list[Result] = []
    for index, row in enumerate(rows):
        if time.monotonic() > deadline:
            _release(rows[index:], fresh={row.pk for row in rows[index:]})
            break
        if _start_hand_overs(transport, [row]):
            results.append(_send(transport, row, _outgoing(row, sender)))
            _settle(results[-1:])
    return results


def _start_hand_overs(transport: Any, rows: list[Notification]) -> list[Notification]:
    """Commit the start of each hand-over (and its provider), under the claim, in one
    statement; the rows whose claim another worker took over meanwhile are left to it."""
    if not rows:
        return []
    started_at = timezone.now()
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET handover_started_at = %s, provider = %s, updated_at = %s "  # noqa: S608
            "WHERE status = %s AND (id, attempts) IN "
            "(SELECT * FROM unnest(%s::bigint[], %s::integer[])) RETURNING id",
            [
                started_at,
                transport.name,
                started_at,
                Status.SENDING,
                [row.pk for row in rows],
                [row.attempts for row in rows],
            ],
        )
        marked = {pk for (pk,) in cursor.fetchall()}
    started = [row for row in rows if row.pk in marked]
    for row in started:
        row.handover_started_at, row.provider = started_at, transport.name
    return started


def _claim_held(rows: Iterable[Notification]) -> Q:
    """Still ours: "sending", at the attempt each row was claimed with."""
    by_attempt: dict[int, list[int]] = {}
    for row in rows:
        by_attempt.setdefault(row.attempts, []).append(row.pk)
    held = Q(pk__in=[])
    for attempts, ids in by_attempt.items():
        held |= Q(pk__in=ids, attempts=attempts)
    return held & Q(status=Status.SENDING)


def _outgoing(row: Notification, sender: str) -> Outgoing:
    return Outgoing(
        reference=f"{tenant_db().schema_name}.{row.uuid}",
        recipient=row.recipient,
        subject=row.subject,
        body_text=row.body_text,
        body_html=row.body_html,
        sender_name=sender,
    )


def _send(transport: Any, row: Notification, message: Outgoing) -> Result:
    try:
        reference = transport.send(message)
    except TransportError as error:
        return _failed(row, transport.name, error)
    except Exception as error:
        logger.exception("transport %s crashed", transport.name)
        return _failed(row, transport.name, TransportError(repr(error), permanent=False))
    return Result(row, Status.SENT, provider=transport.name, reference=reference)


def _release(rows: list[Notification], *, fresh: set[int]) -> None:
    """Rows claimed but not given to the transport in this batch go back to the queue. A row
    an earlier worker had begun to hand over keeps that mark (it goes again only to the same
    provider, and only if that provider collapses repeats); the others lose ours."""
    if not rows:
        return
    never_started = [row for row in rows if row.pk in fresh]
    if never_started:
        Notification.objects.filter(_claim_held(never_started)).update(handover_started_at=None)
    Notification.objects.filter(_claim_held(rows)).update(
        status=Status.CREATED, attempts=F("attempts") - 1, updated_at=timezone.now()
    )
    notifications_wake()


def _transport(notification: Notification) -> Any:
    if notification.channel == Channel.EMAIL:
        return email_transport
    providers = sms_providers()
    if not providers:
        return _NoSmsProvider
    # Fail over to the next provider once the primary has failed often enough.
    index = 0 if notification.attempts <= settings.SMS_FAILOVER_AFTER_ATTEMPTS else 1
    return providers[min(index, len(providers) - 1)]


class _NoSmsProvider:
    name = "none"

    @staticmethod
    def send(message: Outgoing) -> str:
        raise TransportError("no SMS provider is configured (SMS_PROVIDERS)", permanent=False)

    @staticmethod
    def deduplicates() -> bool:
        return False


def _failed(notification: Notification, provider: str, error: TransportError) -> Result:
    """The transport answered that it did not take the message: the hand-over is over."""
    if error.permanent:
        return Result(notification, Status.PERMANENT_FAILURE, provider=provider, error=str(error))
    if notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        return Result(notification, Status.TECHNICAL_FAILURE, provider=provider, error=str(error))
    return Result(
        notification,
        Status.TEMPORARY_FAILURE,
        provider=provider,
        error=str(error),
        retry_in=retry_delay(notification.attempts),
    )


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter, bounded."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return min(base, settings.NOTIFICATIONS_RETRY_MAX_SECONDS) * random.uniform(0.5, 1.5)  # noqa: S311


def _settle(results: list[Result]) -> None:
    """Record the outcomes, each only while its worker still holds the claim, and in the same
    transaction the usage of every message handed over: counted once, whatever crashes.

    Only the claimer (status still "sending", same attempt) may record: a late worker whose
    claim expired and was taken over must not overwrite the newer outcome. A late success may
    still confirm the hand-over a successor had to leave unconfirmed. One statement for the
    whole batch."""
    if not results:
        return
    table = connection.ops.quote_name(Notification._meta.db_table)
    failures = [str(status) for status in FAILURES]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS n SET status = r.status, updated_at = %s, "  # noqa: S608
            "provider = COALESCE(NULLIF(r.provider, ''), n.provider), "
            "provider_reference = COALESCE(NULLIF(left(r.reference, 200), ''), "
            "n.provider_reference), "
            "sent_at = CASE r.status WHEN %s THEN r.at WHEN %s THEN n.handover_started_at "
            "ELSE n.sent_at END, "
            "last_error = CASE WHEN r.error <> '' THEN left(r.error, 500) "
            "WHEN r.status = %s THEN '' ELSE n.last_error END, "
            # A failure is the transport saying it did not take the message.
            "handover_started_at = CASE WHEN r.status = ANY(%s) THEN NULL "
            "ELSE n.handover_started_at END "
            "FROM unnest(%s::bigint[], %s::integer[], %s::text[], %s::text[], %s::text[], "
            "%s::text[], %s::timestamptz[], %s::timestamptz[]) "
            "AS r(id, attempts, status, provider, reference, error, at, handover) "
            "WHERE n.id = r.id AND ((n.status = %s AND n.attempts = r.attempts) OR "
            "(r.status = %s AND n.status = %s AND n.handover_started_at = r.handover)) "
            "RETURNING n.id",
            [
                timezone.now(),
                Status.SENT,
                Status.UNCONFIRMED,
                Status.SENT,
                failures,
                [r.notification.pk for r in results],
                [r.notification.attempts for r in results],
                [r.status for r in results],
                [r.provider for r in results],
                [r.reference for r in results],
                [r.error for r in results],
                [r.at for r in results],
                [r.notification.handover_started_at for r in results],
                Status.SENDING,
                Status.SENT,
                Status.UNCONFIRMED,
            ],
        )
        won = {pk for (pk,) in cursor.fetchall()}
        record_usage(
            [
                r.notification
                for r in results
                if r.notification.pk in won and r.status in HANDED_OVER
            ]
        )


def _sms_quota_refusals(rows: Iterable[Notification]) -> dict[int, str]:
    """The SMS of the batch that would take the UAT past its monthly quota, in order."""
    sms = [row for row in rows if row.channel == Channel.SMS]
    if not sms:
        return {}
    allowance = import_string(settings.NOTIFICATIONS_SMS_ALLOWANCE)
    used, quota = allowance(schema=tenant_db().schema_name)
    if quota is None:
        return {}
    refusals = {}
    for row in sms:
        if used + row.sms_segments > quota:
            refusals[row.pk] = _(
                "Cota lunară de SMS a instituției este atinsă (%(used)s din %(quota)s "
                "segmente); cetățeanul primește confirmarea pe e-mail."
            ) % {"used": used, "quota": quota}
        else:
            used += row.sms_segments
    return refusals


def record_usage(notifications: list[Notification]) -> None:
    """Count what was handed over (SMS in segments, e-mail as 1), once per notification, in
    one statement (the caller's transaction is the one that records the hand-overs)."""
    if not notifications:
        return
    recorder = import_string(settings.NOTIFICATIONS_USAGE_RECORDER)
    recorder(
        schema=tenant_db().schema_name,
        uses=[
            (
                n.channel,
                n.sms_segments if n.channel == Channel.SMS else 1,
                str(n.uuid),
            )
            for n in notifications
        ],
    )
