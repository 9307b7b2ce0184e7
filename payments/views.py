"""The processor's callback, and the citizen's return from the processor's page."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from .checkout import return_signature_valid
from .providers import CallbackRefused
from .selectors import payment_by_reference
from .services import payment_notification_accept, payment_reconcile

logger = logging.getLogger(__name__)
MAX_BODY = 64 * 1024


def _answer(error_type: int, message: str, status: int = 200) -> JsonResponse:
    # Netopia reads errorType: 0 taken, 1 try again later, 2 do not send again.
    return JsonResponse(
        {
            "errorType": error_type,
            "errorCode": "" if not error_type else message,
            "errorMessage": message,
        },
        status=status,
    )


@csrf_exempt  # the processor cannot hold our CSRF token; its signature authenticates it
@require_POST
def netopia_notify(request: HttpRequest) -> HttpResponse:
    if len(request.body) > MAX_BODY:
        return _answer(2, "too large", status=413)
    try:
        applied = payment_notification_accept(
            provider="netopia",
            body=request.body,
            headers={k.lower(): v for k, v in request.headers.items()},
        )
    except CallbackRefused as refused:
        logger.warning("payment callback refused: %s", refused)
        return _answer(2, "invalid signature", status=400)
    if applied.outcome == "unknown":
        return _answer(2, "unknown payment", status=404)
    if applied.outcome == "amount_mismatch":
        return _answer(2, "amount differs", status=409)
    return _answer(0, "")


@require_safe
def payment_return(request: HttpRequest, reference: str) -> HttpResponse:
    """Back from the processor: ask it once (the callback may be late), then show the page
    the payment belongs to."""
    payment = payment_by_reference(reference=reference)
    if payment is None or not return_signature_valid(reference, request.GET.get("semn", "")):
        raise Http404
    if payment.state == "pending":
        payment_reconcile(payment=payment)
    return redirect(payment.return_path or "/")
