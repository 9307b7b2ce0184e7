"""A card processor with a public API: Netopia Payments, API v2.

- checkout: POST <api>/payment/card/start (header Authorization: the API key) with the order
  (posSignature, orderID = our reference, amount, currency RON) and the notify and redirect
  URLs; the answer carries ntpID and the paymentURL the citizen is sent to.
- status: POST <api>/operation/status with posID, ntpID and orderID (the reconciliation job).
- notification (IPN): a JSON body and a Verification-token header, a JWT signed RS512 with
  Netopia's key, whose iss is "NETOPIA Payments", aud the POS signature and sub the base64
  SHA-512 of the exact body. Amounts travel as JSON numbers: read and written as Decimal.
"""

from __future__ import annotations

import base64
import hashlib
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import requests
import simplejson
from django.conf import settings
from django.utils.crypto import constant_time_compare
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey
from joserfc.jws import JWSRegistry

from .base import CallbackRefused, Checkout, Notification, ProviderError, ProviderStatus

if TYPE_CHECKING:
    from ..models import Payment

ISSUER = "NETOPIA Payments"
REDIRECT_CODE = "101"  # "redirect the user to the payment page"
# Payment status codes (Netopia's documented table): 3 paid, 5 confirmed, 12 invalid account,
# 15 3-D Secure authentication still required; 1 is a new payment.
PAID_STATUSES = frozenset({3, 5})
FAILED_STATUSES = frozenset({12})
MAX_TOKEN_LENGTH = 8192


def _state(status: Any) -> str:
    try:
        code = int(status)
    except (TypeError, ValueError):
        return "pending"
    if code in PAID_STATUSES:
        return "paid"
    if code in FAILED_STATUSES:
        return "failed"
    return "pending"


def _amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError:
        return None


class NetopiaProvider:
    name = "netopia"
    can_be_asked = True

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            response = requests.post(
                settings.NETOPIA_API_URL.rstrip("/") + path,
                data=simplejson.dumps(payload, use_decimal=True),
                headers={
                    "Authorization": settings.NETOPIA_API_KEY,
                    "Content-Type": "application/json",
                },
                timeout=settings.PAYMENTS_HTTP_TIMEOUT,
            )
            answer = simplejson.loads(response.content, use_decimal=True)
        except (requests.RequestException, ValueError) as error:
            raise ProviderError(str(error)) from error
        if not isinstance(answer, dict):
            raise ProviderError("the processor's answer is not a JSON object")
        if response.status_code >= 400:
            raise ProviderError(
                str(answer.get("message") or answer.get("error") or response.status_code)
            )
        return answer

    def checkout(self, *, payment: Payment, return_url: str, notify_url: str) -> Checkout:
        answer = self._post(
            "/payment/card/start",
            {
                "config": {"notifyUrl": notify_url, "redirectUrl": return_url, "language": "ro"},
                "payment": {"options": {"installments": 1}},
                "order": {
                    "posSignature": settings.NETOPIA_POS_SIGNATURE,
                    "dateTime": payment.created_at.isoformat(),
                    "description": payment.description[:100],
                    "orderID": payment.reference,
                    "amount": payment.amount,
                    "currency": payment.currency,
                    "billing": {
                        "email": payment.payer_email,
                        "firstName": payment.payer_name.partition(" ")[0],
                        "lastName": payment.payer_name.partition(" ")[2],
                        "country": 642,
                    },
                },
            },
        )
        error = answer.get("error") or {}
        details = answer.get("payment") or {}
        if str(error.get("code")) != REDIRECT_CODE or not details.get("paymentURL"):
            raise ProviderError(str(error.get("message") or "the processor refused the payment"))
        if _amount(details.get("amount")) != payment.amount:
            raise ProviderError("the processor registered another amount")
        return Checkout(
            provider_reference=str(details.get("ntpID", "")),
            redirect_url=str(details["paymentURL"]),
        )

    def status(self, *, payment: Payment) -> ProviderStatus:
        answer = self._post(
            "/operation/status",
            {
                "posID": settings.NETOPIA_POS_SIGNATURE,
                "ntpID": payment.provider_reference,
                "orderID": payment.reference,
            },
        )
        details = answer.get("payment") or {}
        return ProviderStatus(
            state=_state(details.get("status")),
            amount=_amount(details.get("amount")),
            provider_reference=str(details.get("ntpID", "")),
            detail={"status": details.get("status")},
        )

    def notification(self, *, body: bytes, headers: dict[str, str]) -> Notification:
        token = headers.get("verification-token", "")
        if not token or len(token) > MAX_TOKEN_LENGTH:
            raise CallbackRefused("no Verification-token")
        try:
            key = RSAKey.import_key(settings.NETOPIA_PUBLIC_KEY)
            decoded = jwt.decode(token, key, registry=JWSRegistry(algorithms=["RS512"]))
            jwt.JWTClaimsRegistry(leeway=60, iss={"essential": True, "value": ISSUER}).validate(
                decoded.claims
            )
        except (JoseError, ValueError) as error:
            raise CallbackRefused(f"signature: {error}") from error
        audience = decoded.claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.NETOPIA_POS_SIGNATURE not in audiences:
            raise CallbackRefused("another point of sale")
        digest = base64.b64encode(hashlib.sha512(body).digest()).decode()
        if not constant_time_compare(str(decoded.claims.get("sub", "")), digest):
            raise CallbackRefused("the body is not the one that was signed")
        try:
            message = simplejson.loads(body, use_decimal=True)
            details, order = message["payment"], message["order"]
            reference = str(order["orderID"])
        except (ValueError, KeyError, TypeError) as error:
            raise CallbackRefused("not a payment notification") from error
        return Notification(
            reference=reference,
            status=ProviderStatus(
                state=_state(details.get("status")),
                amount=_amount(details.get("amount")),
                provider_reference=str(details.get("ntpID", "")),
                detail={"status": details.get("status"), "code": details.get("code")},
            ),
            dedupe_key=hashlib.sha256(token.encode()).hexdigest(),
        )
