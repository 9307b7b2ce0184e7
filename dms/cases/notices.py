"""What the citizen and the staff are told when a case moves, through the notification
pipeline (persisted in the same transaction, delivered after COMMIT)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation

from dms.cases.links import staff_case_url, tracking_url
from dms.models import Case, CaseEvent
from ghiseu.notifications.models import Notification
from ghiseu.notifications.services import notification_send
from ghiseu.ops.text import bidi_neutral

# Other apps add to what the citizen's notice says (reporting: the satisfaction survey's link
# on an answer). Each gets the case and the event, in the notice's transaction, and returns
# extra context for the templates.
NoticeExtension = Callable[[Case, CaseEvent], dict[str, str]]
_EXTENSIONS: list[NoticeExtension] = []


def notice_extension_register(extension: NoticeExtension) -> None:
    if extension not in _EXTENSIONS:
        _EXTENSIONS.append(extension)


# Events the citizen also gets by SMS: those that ask for or bring something.
SMS_EVENTS = frozenset({"clarification_requested", "answered", "rejected", "forwarded", "extended"})


def registration_confirm(
    case: Case, *, service_title: str, tracking_url: str
) -> list[Notification]:
    """The citizen's confirmation of a new registration, by e-mail and SMS where given, in
    the caller's transaction."""
    context = {
        "recipient_name": case.citizen_name,
        "number": case.entry.display_number,
        "service": service_title,
        "due_date": f"{case.due_date:%d.%m.%Y}",
        "tracking_url": tracking_url,
    }
    return [
        notification_send(
            channel=channel,
            kind="request.registered",
            recipient=recipient,
            context=context,
            idempotency_key=f"case:{case.pk}:registered:{channel}",
            language=case.language,
        )
        for channel, recipient in (("email", case.citizen_email), ("sms", case.citizen_phone))
        if recipient
    ]


def citizen_notice(
    case: Case, event: CaseEvent, *, message: str = "", extra: str = ""
) -> list[Notification]:
    if not event.visible_to_citizen:
        return []
    with translation.override(case.language):
        context = {
            "recipient_name": case.citizen_name,
            "number": case.entry.display_number,
            "headline": str(event.label),
            "event": event.kind,  # the SMS of an extension names the new term
            "status": case.get_status_display(),
            "message": message,
            "extra": extra,
            "due_date": f"{case.due_date:%d.%m.%Y}",
            "tracking_url": tracking_url(case),
        }
        for extension in _EXTENSIONS:
            context.update(extension(case, event))
    channels = ["email"] if case.citizen_email else []
    if case.citizen_phone and event.kind in SMS_EVENTS:
        channels.append("sms")
    return [
        notification_send(
            channel=channel,
            kind="case.updated",
            recipient=case.citizen_email if channel == "email" else case.citizen_phone,
            context=context,
            idempotency_key=f"case:{case.pk}:event:{event.pk}:{channel}",
            language=case.language,
        )
        for channel in channels
    ]


def staff_notice(*, user: Any, case: Case, kind: str, key: str) -> None:
    """A reminder or an escalation to one staff member, by e-mail."""
    if user is None or not user.email:
        return
    notification_send(
        channel="email",
        kind=kind,
        recipient=user.email,
        context={
            "recipient_name": getattr(user, "full_name", "") or user.email,
            "number": case.entry.display_number,
            "summary": bidi_neutral(case.entry.summary),  # the citizen's words, to staff
            "due_date": f"{case.due_date:%d.%m.%Y}",
            "case_url": staff_case_url(case),
        },
        idempotency_key=key,
        language="ro",
    )
