"""Writes on notifications: persist then queue, retry, receipts, wordings (delivery itself is
in ``delivery``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ghiseu.audit.services import audit_record
from ghiseu.ops.text import without_controls

from . import rendering
from .delivery import record_usage
from .models import RETRYABLE, Channel, Notification, Status, TemplateOverride
from .queue import notifications_wake
from .sms import InvalidPhoneNumber, normalize_mobile, sms_size


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
    if not _insert_unless_known(notification):
        # The same key, committed before (a retried caller) or by a concurrent one.
        return Notification.objects.get(idempotency_key=idempotency_key)
    if not problem:
        notifications_wake()
    return notification


def _insert_unless_known(notification: Notification) -> bool:
    """INSERT the row unless its idempotency key exists, in one statement (no lookup before,
    no savepoint around it): whether it was inserted. A concurrent caller's uncommitted row
    with the same key makes it wait for that COMMIT, then insert nothing."""
    fields = [field for field in Notification._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Notification._meta.db_table)} "  # noqa: S608 (our names)
            f"({', '.join(quote(str(field.column)) for field in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
            [
                field.get_db_prep_save(field.pre_save(notification, add=True), connection)
                for field in fields
            ],
        )
        inserted = cursor.fetchone()
    if inserted is None:
        return False
    notification.pk = inserted[0]
    notification._state.adding, notification._state.db = False, connection.alias
    return True


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
    notifications_wake()
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
        record_usage([Notification.objects.get(uuid=notification_uuid)])
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
