"""E-mail through Django's configured backend (SMTP, Amazon SES via anymail, files in the demo)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from . import Outgoing, TransportError

name = "email"


def message_id(reference: str) -> str:
    # Stable per notification: a re-send after a crash is the same message to every mail system.
    return f"<{reference}@{settings.GHISEU_BASE_DOMAIN}>"


def deduplicates() -> bool:
    # Neither an SMTP server nor SES recognises a message it was given before: a second
    # hand-over is a second e-mail (with the same Message-ID, which some clients fold).
    return False


def send(message: Outgoing) -> str:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=f"{message.sender_name} <{_address(settings.DEFAULT_FROM_EMAIL)}>",
        to=[message.recipient],
        # The reference also travels as a header, so SES bounce and complaint events
        # (published with the original headers) lead back to this notification.
        headers={
            "Message-ID": message_id(message.reference),
            "X-Ghiseu-Reference": message.reference,
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as error:
        raise TransportError(f"recipient refused: {error.recipients}", permanent=True) from None
    except smtplib.SMTPResponseException as error:
        # 5xx replies are final answers; 4xx ask us to come back later.
        permanent = 500 <= error.smtp_code < 600
        raise TransportError(
            f"SMTP {error.smtp_code}: {error.smtp_error!r}", permanent=permanent
        ) from None
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        raise TransportError(f"SMTP unavailable: {error}", permanent=False) from None
    return message_id(message.reference)


def _address(from_email: str) -> str:
    return from_email.rsplit("<", 1)[-1].rstrip(">").strip()
