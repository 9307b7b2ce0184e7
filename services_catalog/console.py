"""The catalog pages of the county console (county site, public schema): the county's
administrators edit the shared services and publish new versions of their forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ghiseu.ops.forms import add_service_errors
from tenants.console import county_admin_required

from . import selectors, services
from .console_forms import ServiceTemplateForm, VersionPublishForm
from .models import ServiceTemplate


@county_admin_required
def catalog_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "services_catalog/console/list.html",
        {"services": selectors.catalog_console_list()},
    )


def _service_or_404(code: str) -> ServiceTemplate:
    service = selectors.catalog_service(code=code)
    if service is None:
        raise Http404
    return service


def _detail(
    request: HttpRequest,
    service: ServiceTemplate,
    *,
    form: ServiceTemplateForm | None = None,
    publish_form: VersionPublishForm | None = None,
) -> HttpResponse:
    versions = list(selectors.catalog_service_versions(service=service))
    current = next((v for v in versions if v.retired_at is None), None)
    if publish_form is None:
        text = VersionPublishForm.text_of(current.form_schema) if current else "[]"
        publish_form = VersionPublishForm(initial={"form_schema": text})
    context: dict[str, Any] = {
        "service": service,
        "form": form or ServiceTemplateForm.for_service(service),
        "publish_form": publish_form,
        "versions": versions,
        "current": current,
        "events": selectors.catalog_service_events(service=service, versions=versions)[:30],
    }
    return render(request, "services_catalog/console/detail.html", context)


def _back_to_top(service: ServiceTemplate) -> HttpResponse:
    # The forms post to a #fragment so that a refused form opens at its errors; after a
    # success the browser would keep that fragment, and the message at the top be missed.
    return redirect(reverse("console:catalog:detail", kwargs={"code": service.code}) + "#continut")


@county_admin_required
@require_http_methods(["GET", "POST"])
def catalog_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The service's description; a POST saves it (the form schema has its own POST)."""
    service = _service_or_404(code)
    if request.method != "POST":
        return _detail(request, service)
    form = ServiceTemplateForm.for_service(service, request.POST)
    if form.is_valid():
        try:
            services.service_template_update(
                service=service, data=form.service_data(), actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Serviciul a fost actualizat."))
            return _back_to_top(service)
    return _detail(request, service, form=form)


@county_admin_required
@require_POST
def catalog_publish(request: HttpRequest, code: str) -> HttpResponse:
    service = _service_or_404(code)
    form = VersionPublishForm(request.POST)
    if form.is_valid():
        schema = form.cleaned_data["form_schema"]
        current = selectors.catalog_service_versions(service=service).first()
        try:
            version = services.service_version_publish(
                service=service, form_schema=schema, actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error, field="form_schema")
        else:
            if current is not None and version.pk == current.pk:
                messages.info(request, _("Formularul nu s-a schimbat; nu s-a publicat nimic."))
            else:
                messages.success(
                    request,
                    _("Versiunea %(number)s a fost publicată.") % {"number": version.number},
                )
            if not any(field.get("name") == "email" for field in schema):
                # The portal needs an "email" field to confirm a filing (services_catalog.views).
                messages.warning(
                    request,
                    _("Formularul nu are un câmp „email”: cetățenii nu îl pot depune online."),
                )
            return _back_to_top(service)
    return _detail(request, service, publish_form=form)
