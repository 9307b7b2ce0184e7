"""The UAT administrator's pages: which catalog services this UAT offers, and how."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ghiseu.accounts.guards import uat_admin_only
from ghiseu.ops.forms import add_service_errors

from . import selectors, services
from .forms import OfferingForm

View = Callable[..., HttpResponse]


def _uat_kind(request: HttpRequest) -> str:
    return str(request.tenant.kind)  # type: ignore[attr-defined]


@uat_admin_only
@require_safe
def offer_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.offer_rows(uat_kind=_uat_kind(request))
    return render(request, "offers/list.html", {"rows": rows})


@uat_admin_only
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, code: str) -> HttpResponse:
    service = selectors.offer_service_get(code=code, uat_kind=_uat_kind(request))
    if service is None:
        raise Http404
    offering = selectors.offering_for_service(service=service)
    # Not `request.POST or None`: a form with every box cleared is still a submission.
    data = request.POST if request.method == "POST" else None
    form = OfferingForm(data, service=service, offering=offering)
    if request.method == "POST" and form.is_valid():
        try:
            services.offering_save(service=service, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Oferta pentru „%(title)s” a fost salvată.") % {"title": service.title}
            )
            return redirect("offers:list")
    return render(
        request, "offers/edit.html", {"service": service, "offering": offering, "form": form}
    )
