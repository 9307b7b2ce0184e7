"""The citizen portal of a UAT: its services, searchable, and a page for each."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import selectors, submission
from .dynamic_forms import ServiceForm

MAX_QUERY = 100


@require_safe
def portal_home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY]
    category = request.GET.get("categorie", "")[:50]
    offerings = list(selectors.portal_offerings(query=query, category=category))
    return render(
        request,
        "services_catalog/home.html",
        {
            "offerings": offerings,
            "query": query,
            "category": category,
            "categories": selectors.portal_categories(),
        },
    )


@require_safe
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    offering = selectors.portal_offering(code=code)
    if offering is None:
        raise Http404
    return render(
        request,
        "services_catalog/service.html",
        {"offering": offering, "service": offering.service},
    )


def _current_version(offering: Any) -> Any:
    return offering.service.versions.filter(retired_at__isnull=True).order_by("-number").first()


@require_http_methods(["GET", "POST"])
def service_apply(request: HttpRequest, code: str) -> HttpResponse:
    offering = selectors.portal_offering(code=code)
    version = _current_version(offering) if offering else None
    if offering is None or version is None:
        raise Http404
    schema = [*version.form_schema, *offering.extra_fields]
    form = ServiceForm(
        request.POST or None,
        request.FILES or None,
        schema=schema,
        initial={"version": version.number},
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["version"] != version.number:
            # The county published a new form while the citizen was filling the old one.
            messages.warning(
                request,
                _(
                    "Formularul a fost actualizat între timp. Verificați "
                    "datele și trimiteți din nou."
                ),
            )
            form = ServiceForm(
                None, schema=schema, initial={**form.cleaned_data, "version": version.number}
            )
        else:
            answers = form.answers()
            if not answers.get("email"):
                # A catalog form without an e-mail field cannot prove an address: say so
                # instead of failing (the county fixes the form in the console).
                messages.error(
                    request,
                    _(
                        "Acest formular nu cere o adresă de e-mail, deci nu "
                        "poate fi depus online. Contactați instituția."
                    ),
                )
                return redirect("portal:service", code=code)
            refused = submission.code_request_refused(
                email=answers["email"], client_ip=get_client_ip_address(request) or ""
            )
            if refused:
                form.add_error(None, refused)
                return render(
                    request,
                    "services_catalog/apply.html",
                    {"offering": offering, "service": offering.service, "form": form},
                    status=429,
                )
            submission.pending_start(
                request.session,
                service_code=code,
                service_title=offering.service.title,
                version=version.number,
                answers=answers,
                email=answers["email"],
                language=translation.get_language() or "ro",
            )
            return redirect("portal:confirm", code=code)
    return render(
        request,
        "services_catalog/apply.html",
        {"offering": offering, "service": offering.service, "form": form},
    )


@require_http_methods(["GET", "POST"])
def service_confirm(request: HttpRequest, code: str) -> HttpResponse:
    offering = selectors.portal_offering(code=code)
    if offering is None:
        raise Http404
    pending = submission.pending_get(request.session, service_code=code)
    if pending is None:
        messages.info(request, _("Completați formularul pentru a trimite cererea."))
        return redirect("portal:apply", code=code)
    error = ""
    if request.method == "POST":
        error = submission.pending_check_code(
            request.session, pending, request.POST.get("cod", "")[:20]
        )
        if not error:
            case = _register(request, offering, pending)
            submission.pending_clear(request.session)
            return redirect("portal:case", token=case.tracking_token)
        if submission.pending_get(request.session, service_code=code) is None:
            messages.error(request, error)
            return redirect("portal:apply", code=code)
    labels = {spec["name"]: spec for spec in _current_schema(offering)}
    review = [
        (labels[name]["label"], value["name"] if isinstance(value, dict) else value)
        for name, value in pending.answers.items()
        if name in labels
    ]
    return render(
        request,
        "services_catalog/confirm.html",
        {
            "offering": offering,
            "service": offering.service,
            "pending": pending,
            "review": review,
            "error": error,
        },
    )


def _current_schema(offering: Any) -> list[dict[str, Any]]:
    version = _current_version(offering)
    return [*(version.form_schema if version else []), *offering.extra_fields]


def _register(request: HttpRequest, offering: Any, pending: submission.Pending) -> Any:
    # Built on a placeholder, replaced after: build_absolute_uri would percent-encode braces.
    tracking_url = request.build_absolute_uri(reverse("portal:case", kwargs={"token": "TOKEN"}))
    return submission.pending_register(
        pending=pending,
        offering=offering,
        tracking_url_template=tracking_url.replace("TOKEN", "{token}"),
        language=translation.get_language() or "ro",
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement and feedback route every portal publishes (OUG 112/2018)."""
    return render(request, "services_catalog/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """What is kept, why, how long and whom to ask (GDPR)."""
    return render(request, "services_catalog/privacy.html")
