"""Delivery receipts from the HTTP SMS gateway: signed, fresh, and each accepted only once."""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django_tenants.utils import get_tenant_model, schema_context
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
)
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request

from ghiseu.ops.middleware import FORM_CONTENT_TYPES
from ghiseu.ops.tenancy import SCHEMA_NAME

from . import services

REFERENCE = re.compile(rf"^(?P<schema>{SCHEMA_NAME.pattern[1:-1]})\.(?P<uuid>[0-9a-f-]{{36}})$")


def sign(body: bytes, timestamp: str, secret: str) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _error(code: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code}, status=status)


def _provider_post(view: Callable[[Request], JsonResponse]) -> Any:
    """A provider's POST as a DRF view (so the API schema documents it): no session, no CSRF.
    Providers post JSON (SNS as text/plain); a form body was already parsed by the
    platform's middleware, so its raw bytes, which the signatures cover, are gone: 415."""

    @functools.wraps(view)
    def checked(request: Request) -> JsonResponse:
        if request.content_type.split(";")[0].strip().lower() in FORM_CONTENT_TYPES:
            return _error("unsupported_media_type", 415)
        return view(request)

    # The JSON parser is what the schema documents; the views read the raw body.
    checked = parser_classes([JSONParser])(permission_classes([AllowAny])(checked))
    return api_view(["POST"])(authentication_classes([])(checked))


_RESULT = inline_serializer("ReceiptResult", {"code": serializers.CharField()})
_RESULTS = {status: _RESULT for status in (200, 400, 403, 404, 409, 415)}


@extend_schema(
    operation_id="sms_receipt",
    summary="Delivery receipt from the HTTP SMS gateway",
    description=(
        "Signed with HMAC-SHA256 over `<timestamp>.<body>` (SMS_RECEIPT_SECRET); fresh and "
        "accepted once. `reference` is the one the gateway was given with the SMS."
    ),
    parameters=[
        OpenApiParameter("X-Ghiseu-Timestamp", OpenApiTypes.INT, OpenApiParameter.HEADER, True),
        OpenApiParameter("X-Ghiseu-Signature", OpenApiTypes.STR, OpenApiParameter.HEADER, True),
    ],
    request=inline_serializer(
        "SmsReceipt",
        {
            "reference": serializers.CharField(),
            "status": serializers.ChoiceField(["delivered", "failed"]),
            "error": serializers.CharField(required=False),
        },
    ),
    responses=_RESULTS,
)
@_provider_post
def sms_receipt(request: Request) -> JsonResponse:
    timestamp = request.headers.get("X-Ghiseu-Timestamp", "")
    signature = request.headers.get("X-Ghiseu-Signature", "")
    secret = settings.SMS_RECEIPT_SECRET
    if not secret or not timestamp.isdigit() or not signature:
        return _error("unsigned", 403)
    if abs(time.time() - int(timestamp)) > settings.SMS_RECEIPT_MAX_AGE_SECONDS:
        return _error("stale", 403)
    if not hmac.compare_digest(sign(request.body, timestamp, secret), signature):
        return _error("bad_signature", 403)
    # A replayed receipt carries a signature already seen within its validity window.
    if not cache.add(f"sms-receipt:{signature}", 1, settings.SMS_RECEIPT_MAX_AGE_SECONDS * 2):
        return _error("replayed", 409)
    try:
        payload = json.loads(request.body)
        match = REFERENCE.match(str(payload["reference"]))
        delivered = payload["status"] == "delivered"
    except (ValueError, KeyError, TypeError):
        return _error("malformed", 400)
    if match is None:
        return _error("unknown_reference", 404)
    schema = match["schema"]
    if not get_tenant_model().objects.filter(schema_name=schema).exists():
        return _error("unknown_reference", 404)
    with schema_context(schema):
        updated = services.notification_receipt(
            notification_uuid=match["uuid"],
            delivered=delivered,
            error=str(payload.get("error", ""))[:300],
        )
    return JsonResponse({"code": "ok" if updated else "ignored"})


@extend_schema(
    operation_id="ses_events",
    summary="SES events (bounces, complaints, deliveries, rejections) posted by SNS",
    description=(
        "An SNS message (SNS posts it as text/plain), accepted only with a valid SNS "
        "signature from a topic in SES_NOTIFICATION_TOPICS."
    ),
    request=OpenApiTypes.OBJECT,
    responses=_RESULTS,
)
@_provider_post
def ses_events(request: Request) -> JsonResponse:
    """SES bounces, complaints and deliveries, as SNS posts them."""
    from . import sns

    try:
        message = json.loads(request.body)
        if not isinstance(message, dict):
            raise ValueError("not an object")
    except ValueError:
        return _error("malformed", 400)
    try:
        sns.verify(message, topics=settings.SES_NOTIFICATION_TOPICS)
    except sns.InvalidSnsMessage:
        return _error("bad_signature", 403)
    if not cache.add(f"sns-message:{message.get('MessageId')}", 1, 2 * 3600):
        return _error("replayed", 409)
    if message.get("Type") == "SubscriptionConfirmation":
        url = str(message.get("SubscribeURL", ""))
        if sns.trusted_sns_url(url):
            _confirm_subscription(url)
            return JsonResponse({"code": "subscribed"})
        return _error("bad_subscribe_url", 400)
    if message.get("Type") != "Notification":
        return JsonResponse({"code": "ignored"})
    try:
        event = json.loads(str(message["Message"]))
        outcome = _ses_outcome(event)
    except (ValueError, KeyError, TypeError):
        return _error("malformed", 400)
    if outcome is None:
        return JsonResponse({"code": "ignored"})
    reference, delivered, reason = outcome
    match = REFERENCE.match(reference)
    if match is None or not get_tenant_model().objects.filter(schema_name=match["schema"]).exists():
        return _error("unknown_reference", 404)
    with schema_context(match["schema"]):
        updated = services.notification_receipt(
            notification_uuid=match["uuid"], delivered=delivered, error=reason
        )
    return JsonResponse({"code": "ok" if updated else "ignored"})


def _confirm_subscription(url: str) -> None:
    import requests

    requests.get(url, timeout=10).raise_for_status()


def _ses_outcome(event: dict[str, object]) -> tuple[str, bool, str] | None:
    """(our reference, delivered?, reason) for the events that change a notification."""
    mail = event["mail"]
    if not isinstance(mail, dict):
        raise ValueError("mail is not an object")
    tags = mail.get("tags") or {}
    references = tags.get("ghiseu-reference") if isinstance(tags, dict) else None
    reference = str(references[0]) if isinstance(references, list) and references else ""
    for header in mail.get("headers") or []:
        if isinstance(header, dict) and str(header.get("name", "")).lower() == "x-ghiseu-reference":
            reference = reference or str(header.get("value", ""))
    kind = event.get("notificationType") or event.get("eventType")
    if kind == "Delivery":
        return reference, True, ""
    if kind == "Bounce":
        bounce = event["bounce"]
        if not isinstance(bounce, dict):
            raise ValueError("bounce is not an object")
        if bounce.get("bounceType") != "Permanent":
            return None  # SES keeps trying a transient bounce itself
        codes = "; ".join(
            str(r.get("diagnosticCode", ""))
            for r in bounce.get("bouncedRecipients") or []
            if isinstance(r, dict)
        )
        return reference, False, f"bounce: {codes}"[:300]
    if kind == "Complaint":
        return reference, False, "complaint: the recipient marked the message as spam"
    if kind == "Reject":
        reject = event.get("reject")
        reason = reject.get("reason", "") if isinstance(reject, dict) else ""
        return reference, False, f"rejected by SES: {reason}"[:300]
    return None
