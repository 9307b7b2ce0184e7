"""A generic HTTP SMS gateway: POST JSON with a bearer token; the reference makes it idempotent."""

from __future__ import annotations

import threading

import requests
from django.conf import settings

from . import Outgoing, TransportError

name = "http"
# A keep-alive session per hand-over thread: a TCP (and TLS) handshake per SMS is waste, and
# requests does not promise that one session may serve several threads at once.
_local = threading.local()


def _session() -> requests.Session:
    session: requests.Session | None = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


def deduplicates() -> bool:
    """The gateway protocol: a repeated ``reference`` (also sent as Idempotency-Key) is the
    message the gateway already has. SMS_HTTP_DEDUPLICATES=false for one that cannot."""
    return bool(settings.SMS_HTTP_DEDUPLICATES)


def send(message: Outgoing) -> str:
    url = settings.SMS_HTTP_URL
    if not url:
        raise TransportError("the HTTP SMS gateway is not configured", permanent=False)
    try:
        response = _session().post(
            url,
            json={
                "to": message.recipient,
                "text": message.body_text,
                "sender": settings.SMS_SENDER_ID,
                "reference": message.reference,
            },
            headers={
                "Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}",
                "Idempotency-Key": message.reference,
            },
            timeout=settings.SMS_HTTP_TIMEOUT,
        )
    except requests.RequestException as error:
        raise TransportError(
            f"gateway unreachable: {type(error).__name__}", permanent=False
        ) from None
    if response.status_code in (400, 404, 422):
        raise TransportError(
            f"gateway refused ({response.status_code}): {response.text[:200]}", permanent=True
        )
    if response.status_code >= 300:
        raise TransportError(f"gateway error {response.status_code}", permanent=False)
    try:
        return str(response.json().get("id") or message.reference)
    except ValueError:
        return message.reference
