"""The UAT's notification log (staff), with retry, a test confirmation and wording overrides."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ghiseu.accounts.guards import has_role, uat_staff_page
from ghiseu.accounts.models import Role
from ghiseu.ops.forms import add_service_errors

from . import selectors, services
from .forms import StatusFilterForm, TemplateOverrideForm, TestConfirmationForm

View = Callable[..., HttpResponse]
MANAGERS = {Role.UAT_ADMIN, Role.REGISTRAR}


managers_only = uat_staff_page(has_role(*MANAGERS))


@managers_only
@require_http_methods(["GET", "POST"])
def notification_log(request: HttpRequest) -> HttpResponse:
    test_form = TestConfirmationForm(request.POST or None)
    if request.method == "POST" and test_form.is_valid():
        _send_test(request, test_form.cleaned_data)
        return redirect("notifications:log")
    filters = StatusFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    page = Paginator(selectors.notification_log(status=status), 50).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "notifications/log.html",
        {"page": page, "filters": filters, "test_form": test_form},
    )


def _send_test(request: HttpRequest, data: dict[str, Any]) -> None:
    batch = uuid.uuid4().hex
    name = getattr(request.user, "full_name", "") or str(request.user)
    for channel, recipient in (("email", data.get("email")), ("sms", data.get("phone"))):
        if recipient:
            services.notification_send(
                channel=channel,
                kind="test",
                recipient=recipient,
                context={"recipient_name": name},
                idempotency_key=f"test:{batch}:{channel}",
            )
    messages.success(request, _("Mesajul de test a fost pus în coadă."))


@managers_only
@require_POST
def notification_retry(request: HttpRequest, notification_uuid: uuid.UUID) -> HttpResponse:
    notification = selectors.notification_get_by_uuid(notification_uuid=str(notification_uuid))
    if notification is None:
        raise Http404
    try:
        services.notification_retry(notification=notification, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Notificarea a fost pusă din nou în coadă."))
    return redirect("notifications:log")


@managers_only
@require_http_methods(["GET", "POST"])
def template_override(request: HttpRequest) -> HttpResponse:
    form = TemplateOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_override_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, field="body")
        else:
            messages.success(request, _("Textul a fost salvat."))
            return redirect("notifications:log")
    return render(request, "notifications/override.html", {"form": form})
