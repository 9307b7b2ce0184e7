"""Writes on notifications: persist then queue, deliver with a single winner, retry, receipts."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ghiseu.audit.services import audit_record
from ghiseu.ops.tenancy import tenant_db
from ghiseu.ops.text import without_controls

from . import rendering
from .models import (
    CLAIMABLE,
    HANDED_OVER,
    RETRYABLE,
    Channel,
    Notification,
    Status,
    TemplateOverride,
)
from .sms import InvalidPhoneNumber, normalize_mobile, sms_size
from .transports import Outgoing, TransportError
from .transports import email as email_transport
from .transports.registry import sms_providers, transport_named

logger = logging.getLogger(__name__)


@transaction.atomic
def notification_send(
    *,
    channel: str,
    kind: str,
    recipient: str,
    context: dict[str, Any],
    idempotency_key: str,
    language: str = "ro",
) -> Notification:
    """Persist a notification in the caller's transaction; queue its delivery after COMMIT.

    The same idempotency key twice gives the one notification that exists. An invalid
    recipient is kept as a permanent failure with its reason, never retried.
    """
    existing = Notification.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    rendered = rendering.render(kind=kind, channel=channel, language=language, context=context)
    normalized, problem = _recipient(channel, recipient)
    notification = Notification(
        idempotency_key=idempotency_key,
        channel=channel,
        kind=kind,
        language=language,
        recipient=normalized[:254],
        subject=rendered.subject[:300],
        body_text=rendered.body_text,
        body_html=rendered.body_html,
    )
    if channel == Channel.SMS:
        size = sms_size(rendered.body_text)
        notification.sms_segments, notification.sms_encoding = size.segments, size.encoding
    if problem:
        notification.status, notification.last_error = Status.PERMANENT_FAILURE, problem
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:  # the same key, committed by a concurrent caller
        return Notification.objects.get(idempotency_key=idempotency_key)
    if not problem:
        notification_queue(notification_id=notification.pk)
    return notification


def _recipient(channel: str, recipient: str) -> tuple[str, str]:
    """The normalized recipient, and the reason it is unusable (empty when it is fine)."""
    value = (recipient or "").strip()
    if channel == Channel.SMS:
        try:
            return normalize_mobile(value), ""
        except InvalidPhoneNumber as error:
            invalid = _("Număr de telefon invalid: %(value)s") % {"value": value[:40]}
            return value, f"{invalid} ({error})"
    try:
        validate_email(value)
    except ValidationError:
        return value, _("Adresă de e-mail invalidă: %(value)s") % {"value": value[:80]}
    return value.lower(), ""


def notification_queue(*, notification_id: int, countdown: float = 0) -> None:
    from .tasks import deliver

    schema = tenant_db().schema_name

    def enqueue() -> None:
        deliver.apply_async(
            args=(notification_id,), countdown=countdown, headers={"_schema_name": schema}
        )

    # A broker outage after COMMIT must not fail the caller: the sweeper queues it again.
    transaction.on_commit(enqueue, robust=True)


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_in: float | None = None  # seconds, when a retry should be scheduled


def notification_deliver(*, notification_id: int) -> Outcome:
    """Claim, hand to the transport, record: three steps, each committed on its own.

    The claim is a conditional update (exactly one worker wins). The hand-over's start is
    committed before the transport is called and its outcome, with the usage, in one
    transaction right after it returns, so the only window a crash can hit is the
    transport call itself. A worker that claims a row whose hand-over began sends it again
    only through the same transport, and only if that transport collapses a repeat (same
    reference); otherwise the row ends "unconfirmed" (counted as sent, never re-sent).
    """
    stuck = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_STUCK_AFTER_SECONDS)
    claimed = Notification.objects.filter(
        Q(status__in=CLAIMABLE) | Q(status=Status.SENDING, updated_at__lt=stuck),
        pk=notification_id,
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now())
    if not claimed:
        return Outcome("not-claimed")
    notification = Notification.objects.get(pk=notification_id)
    if notification.handover_started_at is not None:
        return _after_interrupted_handover(notification)
    if notification.channel == Channel.SMS:
        refusal = _sms_quota_refusal(notification)
        if refusal:
            _settle(notification, Status.SKIPPED, error=refusal)
            return Outcome(Status.SKIPPED)
    return _hand_over(notification, _transport(notification))


def _after_interrupted_handover(notification: Notification) -> Outcome:
    """An earlier worker died (or stalled past the sweeper's patience) inside the transport."""
    transport = transport_named(notification.provider)
    if transport is not None and transport.deduplicates():
        return _hand_over(notification, transport)
    _settle(
        notification,
        Status.UNCONFIRMED,
        error=_(
            "Predarea către %(provider)s a fost întreruptă (procesul s-a oprit) și "
            "furnizorul nu poate recunoaște o retrimitere: mesajul nu se retrimite automat."
        )
        % {"provider": notification.provider or "?"},
    )
    return Outcome(Status.UNCONFIRMED)


def _hand_over(notification: Notification, transport: Any) -> Outcome:
    started_at = timezone.now()
    started = Notification.objects.filter(
        pk=notification.pk, status=Status.SENDING, attempts=notification.attempts
    ).update(handover_started_at=started_at, provider=transport.name, updated_at=started_at)
    if not started:  # the claim was taken over meanwhile
        return Outcome("not-claimed")
    notification.handover_started_at, notification.provider = started_at, transport.name
    outgoing = Outgoing(
        reference=f"{tenant_db().schema_name}.{notification.uuid}",
        recipient=notification.recipient,
        subject=notification.subject,
        body_text=notification.body_text,
        body_html=notification.body_html,
        sender_name=rendering.branding_context()["institution"],
    )
    try:
        reference = transport.send(outgoing)
    except TransportError as error:
        return _failed(notification, transport.name, error)
    except Exception as error:
        logger.exception("transport %s crashed", transport.name)
        return _failed(notification, transport.name, TransportError(repr(error), permanent=False))
    _settle(notification, Status.SENT, provider=transport.name, reference=reference)
    return Outcome(Status.SENT)


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


def _failed(notification: Notification, provider: str, error: TransportError) -> Outcome:
    """The transport answered that it did not take the message: the hand-over is over."""
    if error.permanent:
        _settle(notification, Status.PERMANENT_FAILURE, provider=provider, error=str(error))
        return Outcome(Status.PERMANENT_FAILURE)
    if notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        _settle(notification, Status.TECHNICAL_FAILURE, provider=provider, error=str(error))
        return Outcome(Status.TECHNICAL_FAILURE)
    _settle(notification, Status.TEMPORARY_FAILURE, provider=provider, error=str(error))
    return Outcome(Status.TEMPORARY_FAILURE, retry_in=retry_delay(notification.attempts))


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter, bounded."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return min(base, settings.NOTIFICATIONS_RETRY_MAX_SECONDS) * random.uniform(0.5, 1.5)  # noqa: S311


def _settle(
    notification: Notification,
    status: str,
    *,
    provider: str = "",
    reference: str = "",
    error: str = "",
) -> bool:
    """Record the outcome, only while this worker still holds the claim, and in the same
    transaction the usage of a message handed over: counted once, whatever crashes."""
    now = timezone.now()
    fields: dict[str, Any] = {"status": status, "updated_at": now}
    if provider:
        fields["provider"] = provider
    if reference:
        fields["provider_reference"] = reference[:200]
    if status == Status.SENT:
        fields["sent_at"], fields["last_error"] = now, ""
    if status == Status.UNCONFIRMED:
        fields["sent_at"] = notification.handover_started_at
    if status in (Status.TEMPORARY_FAILURE, Status.PERMANENT_FAILURE, Status.TECHNICAL_FAILURE):
        fields["handover_started_at"] = None  # the transport said it did not take it
    if error:
        fields["last_error"] = error[:500]
    # Only the claimer (status still "sending", same attempt) may record: a late worker whose
    # claim expired and was taken over must not overwrite the newer outcome. A late success
    # may still confirm the hand-over a successor had to leave unconfirmed.
    claim = Q(status=Status.SENDING, attempts=notification.attempts)
    if status == Status.SENT and notification.handover_started_at is not None:
        claim |= Q(status=Status.UNCONFIRMED, handover_started_at=notification.handover_started_at)
    with transaction.atomic():
        won = Notification.objects.filter(claim, pk=notification.pk).update(**fields)
        if won and status in HANDED_OVER:
            _record_usage(notification)
    return bool(won)


def _sms_quota_refusal(notification: Notification) -> str:
    allowance = import_string(settings.NOTIFICATIONS_SMS_ALLOWANCE)
    used, quota = allowance(schema=tenant_db().schema_name)
    if quota is not None and used + notification.sms_segments > quota:
        return _(
            "Cota lunară de SMS a instituției este atinsă (%(used)s din %(quota)s segmente); "
            "cetățeanul primește confirmarea pe e-mail."
        ) % {"used": used, "quota": quota}
    return ""


def _record_usage(notification: Notification) -> None:
    recorder = import_string(settings.NOTIFICATIONS_USAGE_RECORDER)
    quantity = notification.sms_segments if notification.channel == Channel.SMS else 1
    recorder(
        schema=tenant_db().schema_name,
        kind=f"{notification.channel}",
        quantity=quantity,
        reference=str(notification.uuid),
    )


def notifications_pending_ids(*, limit: int = 1000) -> list[int]:
    """Rows a crash, a lost broker message or a restarted Redis left behind."""
    stuck = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_STUCK_AFTER_SECONDS)
    overdue = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_RETRY_MAX_SECONDS * 1.5)
    return list(
        Notification.objects.filter(
            Q(status__in=[Status.CREATED, Status.SENDING], updated_at__lt=stuck)
            | Q(status=Status.TEMPORARY_FAILURE, updated_at__lt=overdue)
        ).values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def notification_retry(*, notification: Notification, actor: Any) -> Notification:
    """Staff send a finally-failed notification again (e.g. after fixing the address)."""
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if locked.status not in RETRYABLE:
        raise ValidationError(
            _("Doar o notificare eșuată definitiv poate fi retrimisă."), code="not_failed"
        )
    # A deliberate re-send: the earlier hand-over (if any) no longer holds it back.
    locked.status, locked.attempts, locked.last_error = Status.CREATED, 0, ""
    locked.handover_started_at = None
    locked.save(
        update_fields=["status", "attempts", "last_error", "handover_started_at", "updated_at"]
    )
    audit_record(actor=actor, action="notification.retried", target=locked)
    notification_queue(notification_id=locked.pk)
    return locked


@transaction.atomic
def notification_receipt(*, notification_uuid: str, delivered: bool, error: str = "") -> bool:
    """A provider's receipt. Moves forward only: sent → delivered; a bounce or complaint may
    still turn a delivered message into a permanent failure. A receipt proves the hand-over:
    one that arrives before the worker recorded it (or after it was left unconfirmed) counts
    the message, in this transaction; counting is idempotent, so it is counted once."""
    now = timezone.now()
    handed = [Status.SENT, Status.SENDING, Status.UNCONFIRMED]
    if delivered:
        updated = Notification.objects.filter(uuid=notification_uuid, status__in=handed).update(
            status=Status.DELIVERED,
            delivered_at=now,
            sent_at=Coalesce("sent_at", Value(now)),
            updated_at=now,
        )
    else:
        updated = Notification.objects.filter(
            uuid=notification_uuid, status__in=[*handed, Status.DELIVERED]
        ).update(
            status=Status.PERMANENT_FAILURE,
            last_error=without_controls(error)[:500],
            sent_at=Coalesce("sent_at", Value(now)),
            updated_at=now,
        )
    if updated:
        _record_usage(Notification.objects.get(uuid=notification_uuid))
    return bool(updated)


@transaction.atomic
def template_override_save(
    *, kind: str, channel: str, language: str, subject: str, body: str, actor: Any
) -> TemplateOverride:
    rendering.override_check(kind=kind, channel=channel, subject=subject, body=body)
    override, _created = TemplateOverride.objects.update_or_create(
        kind=kind,
        channel=channel,
        language=language,
        defaults={"subject": subject.strip(), "body": body.strip()},
    )
    # Forget the cached overrides now and again after COMMIT, so no reader keeps the old text.
    cache.delete(rendering.OVERRIDES_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(rendering.OVERRIDES_CACHE_KEY))
    audit_record(
        actor=actor,
        action="notification_template.saved",
        target=override,
        data={"kind": kind, "channel": channel, "language": language},
    )
    return override
