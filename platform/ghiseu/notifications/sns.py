"""Amazon SNS messages (SES bounces, complaints and deliveries): verified before they are read.

The signature is checked against the signing certificate, which is only ever fetched from an
Amazon SNS host over HTTPS; the topic must be one we subscribed to; a message id is accepted
once, and only within an hour of its timestamp.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import requests
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

SNS_HOST = re.compile(r"^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$")
MAX_AGE = timedelta(hours=1)
NOTIFICATION_KEYS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
SUBSCRIPTION_KEYS = (
    "Message",
    "MessageId",
    "SubscribeURL",
    "Timestamp",
    "Token",
    "TopicArn",
    "Type",
)


class InvalidSnsMessage(ValueError):
    pass


def trusted_sns_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(SNS_HOST.match(parts.hostname or ""))


@lru_cache(maxsize=16)
def signing_certificate(url: str) -> bytes:
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    return response.content


def verify(message: dict[str, Any], *, topics: list[str], now: datetime | None = None) -> None:
    """Raise InvalidSnsMessage unless ``message`` is a genuine, fresh SNS message for us."""
    cert_url = str(message.get("SigningCertURL", ""))
    if not trusted_sns_url(cert_url) or not urlsplit(cert_url).path.endswith(".pem"):
        raise InvalidSnsMessage("untrusted signing certificate URL")
    # Anyone can sign with a topic of their own: only the topics we subscribed are trusted.
    if message.get("TopicArn") not in topics:
        raise InvalidSnsMessage("unknown topic")
    try:
        sent = datetime.fromisoformat(str(message["Timestamp"]).replace("Z", "+00:00"))
        signature = base64.b64decode(str(message["Signature"]), validate=True)
    except (KeyError, ValueError) as error:
        raise InvalidSnsMessage(f"malformed: {error}") from None
    if abs((now or datetime.now(UTC)) - sent) > MAX_AGE:
        raise InvalidSnsMessage("stale message")
    keys = NOTIFICATION_KEYS if message.get("Type") == "Notification" else SUBSCRIPTION_KEYS
    signed = "".join(f"{key}\n{message[key]}\n" for key in keys if key in message).encode()
    algorithm = hashes.SHA256() if str(message.get("SignatureVersion")) == "2" else hashes.SHA1()  # noqa: S303
    try:
        public_key = x509.load_pem_x509_certificate(signing_certificate(cert_url)).public_key()
        if not isinstance(public_key, RSAPublicKey):
            raise InvalidSnsMessage("unexpected key type")
        public_key.verify(signature, signed, padding.PKCS1v15(), algorithm)
    except (InvalidSignature, ValueError, requests.RequestException) as error:
        raise InvalidSnsMessage(f"bad signature: {type(error).__name__}") from None
