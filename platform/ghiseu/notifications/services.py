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
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ghiseu.audit.services import audit_record
from ghiseu.ops.tenancy import tenant_db

from . import rendering
from .models import CLAIMABLE, FINAL_FAILURES, Channel, Notification, Status, TemplateOverride
from .sms import InvalidPhoneNumber, normalize_mobile, sms_size
from .transports import Outgoing, TransportError
from .transports import email as email_transport
from .transports.registry import sms_providers

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
    """Claim, hand to the transport, record. Exactly one worker wins the claim; a crash after
    the hand-over is re-sent with the same reference, which the recipient's side collapses."""
    stuck = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_STUCK_AFTER_SECONDS)
    claimed = Notification.objects.filter(
        Q(status__in=CLAIMABLE) | Q(status=Status.SENDING, updated_at__lt=stuck),
        pk=notification_id,
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now())
    if not claimed:
        return Outcome("not-claimed")
    notification = Notification.objects.get(pk=notification_id)
    if notification.channel == Channel.SMS:
        refusal = _sms_quota_refusal(notification)
        if refusal:
            _finish(notification, Status.SKIPPED, error=refusal)
            return Outcome(Status.SKIPPED)
    transport_name, send = _transport(notification)
    outgoing = Outgoing(
        reference=f"{tenant_db().schema_name}.{notification.uuid}",
        recipient=notification.recipient,
        subject=notification.subject,
        body_text=notification.body_text,
        body_html=notification.body_html,
        sender_name=rendering.branding_context()["institution"],
    )
    try:
        reference = send(outgoing)
    except TransportError as error:
        return _failed(notification, transport_name, error)
    except Exception as error:
        logger.exception("transport %s crashed", transport_name)
        return _failed(notification, transport_name, TransportError(repr(error), permanent=False))
    _finish(notification, Status.SENT, provider=transport_name, reference=reference)
    _record_usage(notification)
    return Outcome(Status.SENT)


def _transport(notification: Notification) -> tuple[str, Any]:
    if notification.channel == Channel.EMAIL:
        return email_transport.name, email_transport.send
    providers = sms_providers()
    if not providers:
        return "none", _no_sms_provider
    # Fail over to the next provider once the primary has failed often enough.
    index = 0 if notification.attempts <= settings.SMS_FAILOVER_AFTER_ATTEMPTS else 1
    provider = providers[min(index, len(providers) - 1)]
    return provider.name, provider.send


def _no_sms_provider(message: Outgoing) -> str:
    raise TransportError("no SMS provider is configured (SMS_PROVIDERS)", permanent=False)


def _failed(notification: Notification, provider: str, error: TransportError) -> Outcome:
    if error.permanent:
        _finish(notification, Status.PERMANENT_FAILURE, provider=provider, error=str(error))
        return Outcome(Status.PERMANENT_FAILURE)
    if notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        _finish(notification, Status.TECHNICAL_FAILURE, provider=provider, error=str(error))
        return Outcome(Status.TECHNICAL_FAILURE)
    _finish(notification, Status.TEMPORARY_FAILURE, provider=provider, error=str(error))
    return Outcome(Status.TEMPORARY_FAILURE, retry_in=retry_delay(notification.attempts))


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter, bounded."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return min(base, settings.NOTIFICATIONS_RETRY_MAX_SECONDS) * random.uniform(0.5, 1.5)  # noqa: S311


def _finish(
    notification: Notification,
    status: str,
    *,
    provider: str = "",
    reference: str = "",
    error: str = "",
) -> None:
    now = timezone.now()
    fields: dict[str, Any] = {"status": status, "updated_at": now}
    if provider:
        fields["provider"] = provider
    if reference:
        fields["provider_reference"] = reference[:200]
    if status == Status.SENT:
        fields["sent_at"], fields["last_error"] = now, ""
    if error:
        fields["last_error"] = error[:500]
    # Only the claimer (status still "sending") may record: a late worker whose claim expired
    # and was taken over must not overwrite the newer outcome.
    Notification.objects.filter(
        pk=notification.pk, status=Status.SENDING, attempts=notification.attempts
    ).update(**fields)


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
    if locked.status not in FINAL_FAILURES:
        raise ValidationError(
            _("Doar o notificare eșuată definitiv poate fi retrimisă."), code="not_failed"
        )
    locked.status, locked.attempts, locked.last_error = Status.CREATED, 0, ""
    locked.save(update_fields=["status", "attempts", "last_error", "updated_at"])
    audit_record(actor=actor, action="notification.retried", target=locked)
    notification_queue(notification_id=locked.pk)
    return locked


@transaction.atomic
def notification_receipt(*, notification_uuid: str, delivered: bool, error: str = "") -> bool:
    """A provider's receipt. Moves forward only: sent → delivered; a bounce or complaint may
    still turn a delivered message into a permanent failure."""
    if delivered:
        updated = Notification.objects.filter(
            uuid=notification_uuid, status__in=[Status.SENT, Status.SENDING]
        ).update(status=Status.DELIVERED, delivered_at=timezone.now(), updated_at=timezone.now())
    else:
        updated = Notification.objects.filter(
            uuid=notification_uuid, status__in=[Status.SENT, Status.SENDING, Status.DELIVERED]
        ).update(status=Status.PERMANENT_FAILURE, last_error=error[:500], updated_at=timezone.now())
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
