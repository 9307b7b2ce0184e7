"""Delivery receipts from the HTTP SMS gateway: signed, fresh, and each accepted only once."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_tenants.utils import get_tenant_model, schema_context

from . import services

REFERENCE = re.compile(r"^(?P<schema>[a-z][a-z0-9_]{0,62})\.(?P<uuid>[0-9a-f-]{36})$")


def sign(body: bytes, timestamp: str, secret: str) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _error(code: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code}, status=status)


@csrf_exempt
@require_POST
def sms_receipt(request: HttpRequest) -> JsonResponse:
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
