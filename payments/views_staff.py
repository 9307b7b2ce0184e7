"""The UAT's payments, for its staff: states, and the ghiseul.ro statement that reconciles."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dms.permissions import is_staff, may_register
from ghiseu.accounts.guards import uat_staff_page

from .forms import StatementForm
from .models import PaymentState
from .selectors import payments_for_staff
from .statements import StatementUnreadable, statement_reconcile

PAGE = 100


@uat_staff_page(is_staff)
@require_http_methods(["GET", "POST"])
def payment_list(request: HttpRequest) -> HttpResponse:
    form = StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_register(request.user):
            messages.error(request, _("Doar registratura și administratorii încarcă extrase."))
        elif form.is_valid():
            try:
                report = statement_reconcile(
                    content=form.cleaned_data["statement"], actor=request.user
                )
            except StatementUnreadable as unreadable:
                form.add_error("statement", str(unreadable))
            else:
                messages.success(
                    request,
                    _(
                        "Extras citit: %(paid)s plăți confirmate, %(already)s deja "
                        "confirmate, %(differs)s cu altă sumă, %(unmatched)s rânduri fără "
                        "referință cunoscută."
                    )
                    % {
                        "paid": len(report.paid),
                        "already": len(report.already),
                        "differs": len(report.amount_differs),
                        "unmatched": report.unmatched,
                    },
                )
                return redirect("payments_staff:list")
    state = request.GET.get("stare", "")
    if state not in PaymentState.values:
        state = ""
    return render(
        request,
        "payments/list.html",
        {
            "payments": payments_for_staff(state=state)[:PAGE],
            "states": PaymentState.choices,
            "state": state,
            "form": form,
        },
    )
