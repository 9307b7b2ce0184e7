"""Paying a fee from the portal: a registered request's (fee after registration) and a held
submission's (fee before registration). The amount is always the server's own."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dms.cases.selectors import case_get_by_token
from payments.checkout import allow_checkout, checkout_start
from payments.selectors import payment_for_purpose

from .filing import held_case

PAYMENT_PROBLEMS = {
    "paid": _("Taxa este deja plătită."),
    "expired": _("Plata a expirat. Contactați instituția pentru o nouă plată."),
    "failed": _("Plata a eșuat. Contactați instituția pentru o nouă plată."),
    "unavailable": _(
        "Procesatorul de plăți nu răspunde acum. Încercați din nou peste câteva minute; "
        "cererea dvs. rămâne înregistrată."
    ),
}


def _start(request: HttpRequest, payment: object, back: str) -> HttpResponse:
    started = checkout_start(request, payment)  # type: ignore[arg-type]
    if isinstance(started, str):
        messages.error(request, str(PAYMENT_PROBLEMS.get(started, PAYMENT_PROBLEMS["failed"])))
        return redirect(back)
    return started


@require_POST
def case_pay(request: HttpRequest, token: str) -> HttpResponse:
    case = case_get_by_token(token=token)
    if case is None:
        raise Http404
    payment = payment_for_purpose(purpose=f"case:{case.pk}")
    if payment is None or case.fee_state != "awaiting":
        messages.info(request, _("Cererea nu are o taxă de plătit."))
        return redirect("portal:case", token=token)
    return _start(request, payment, back=f"/cerere/{token}/")


@require_http_methods(["GET", "POST"])
def held_payment(request: HttpRequest, key: str) -> HttpResponse:
    """The page of a submission waiting for its fee: pay, and once paid, its request."""
    case = held_case(key=key)
    if case is not None:
        return redirect("portal:case", token=case.tracking_token)
    payment = payment_for_purpose(purpose=f"submission:{key[:64]}")
    if payment is None:
        raise Http404
    if request.method == "POST":
        return _start(request, payment, back=f"/plata/{key}/")
    return allow_checkout(
        render(request, "services_catalog/held_payment.html", {"payment": payment, "key": key})
    )
