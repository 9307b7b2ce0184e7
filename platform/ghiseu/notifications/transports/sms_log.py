"""The demo's SMS provider: writes each SMS to the outbox as the citizen would read it."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings

from . import Outgoing

name = "log"
logger = logging.getLogger(__name__)


def deduplicates() -> bool:
    return True  # one file per reference


def send(message: Outgoing) -> str:
    outbox = Path(settings.SMS_OUTBOX_DIR)
    outbox.mkdir(parents=True, exist_ok=True)
    # One file per reference: a re-send overwrites, as a deduplicating gateway would.
    (outbox / f"sms-{message.reference}.txt").write_text(
        f"From: {settings.SMS_SENDER_ID}\nTo: {message.recipient}\n\n{message.body_text}\n",
        encoding="utf-8",
    )
    logger.info("SMS %s handed to the demo outbox", message.reference)
    return message.reference
