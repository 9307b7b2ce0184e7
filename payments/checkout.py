"""The citizen's side of paying, for the pages that ask for a fee (the purpose's owner shows
the button and calls these): start the checkout, come back from the processor."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from ghiseu.ops.middleware import ContentSecurityPolicyMiddleware

from .models import Payment
from .providers import ProviderError
from .services import PaymentRefused, payment_checkout


def checkout_origin() -> str:
    """The card processor's origin, allowed as a form target on pages with a pay button
    (the pay form posts here, and the answer sends the browser on to the processor)."""
    parts = urlsplit(settings.NETOPIA_API_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def allow_checkout(response: HttpResponse) -> HttpResponse:
    origin = checkout_origin()
    if origin:
        response["Content-Security-Policy"] = ContentSecurityPolicyMiddleware.POLICY.replace(
            "form-action 'self'", f"form-action 'self' {origin}"
        )
    return response


def return_signature(reference: str) -> str:
    """The way back from the processor carries this: the reference alone (printed on
    receipts, written on bank statements) must not lead anyone to the citizen's page."""
    return salted_hmac("ghiseu.payment-return", reference).hexdigest()[:32]


def return_signature_valid(reference: str, signature: str) -> bool:
    return constant_time_compare(return_signature(reference), signature)


def checkout_start(request: HttpRequest, payment: Payment) -> HttpResponse | str:
    """A redirect to the processor, or an error code when the payment cannot be started
    (already paid, expired, processor down: the page says so)."""
    origin = f"{request.scheme}://{request.get_host()}"
    try:
        url = payment_checkout(
            payment=payment,
            return_url=origin
            + reverse("payments:return", kwargs={"reference": payment.reference})
            + f"?semn={return_signature(payment.reference)}",
            notify_url=origin + reverse("payments:netopia_notify"),
        )
    except PaymentRefused as refused:
        return refused.code
    except ProviderError:
        return "unavailable"
    return redirect(url) if url else redirect(payment.return_path or "/")
