"""The citizen portal of a UAT: its services, searchable, and a page for each."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dms.receipt import issuer_of, receipt_pdf
from dms.selectors import case_document_get, case_get_by_token, case_public_events
from dms.selectors import cases_for_email as case_list_for_email
from dms.services import Filing, case_register

from . import selectors, submission
from .dynamic_forms import ServiceForm
from .forms import EmailLookupForm

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
    service = offering.service
    answers = pending.answers
    tracking_path = reverse("portal:case", kwargs={"token": "TOKEN"}).replace("TOKEN", "{token}")
    return case_register(
        filing=Filing(
            service_code=service.code,
            service_title=service.title_ro,
            service_version=pending.version,
            term_days=offering.effective_term_days,
            term_unit=service.term_unit,
            department=offering.department,
            file_code=service.archive_code,
            citizen_name=answers.get("full_name", ""),
            citizen_email=pending.email,
            citizen_phone=answers.get("phone", ""),
            answers=answers,
            summary=f"{service.title_ro}: {str(answers.get('content', ''))[:200]}",
            submission_key=pending.key,
            documents=tuple(
                value for value in answers.values() if isinstance(value, dict) and "sha256" in value
            ),
            tracking_url_template=request.build_absolute_uri(tracking_path),
            language=translation.get_language() or "ro",
        )
    )


@require_safe
def case_status(request: HttpRequest, token: str) -> HttpResponse:
    case = case_get_by_token(token=token)
    if case is None:
        raise Http404
    service = selectors.catalog_service(code=case.service_code)
    return render(
        request,
        "services_catalog/case.html",
        {
            "case": case,
            "service": service,
            "events": case_public_events(case=case),
            "documents": list(case.documents.all()),
        },
    )


@require_safe
def case_receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The PDF receipt, for whoever holds the tracking link (as the case page itself)."""
    case = case_get_by_token(token=token)
    if case is None:
        raise Http404
    service = selectors.catalog_service(code=case.service_code)
    pdf = receipt_pdf(
        case=case,
        documents=list(case.documents.all()),
        issuer=issuer_of(request.tenant),  # type: ignore[attr-defined]
        service_title=service.title if service else case.service_code,
        tracking_url=request.build_absolute_uri(reverse("portal:case", kwargs={"token": token})),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"recipisa-{case.entry.number}-{case.entry.year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def case_document(request: HttpRequest, token: str, document_id: int) -> FileResponse:
    """A document is served only to whoever holds its case's tracking link."""
    document = case_document_get(token=token, document_id=document_id)
    if document is None:
        raise Http404
    try:
        handle = default_storage.open(document.storage_key, "rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle, content_type=document.content_type, as_attachment=True, filename=document.name
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement and feedback route every portal publishes (OUG 112/2018)."""
    return render(request, "services_catalog/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """What is kept, why, how long and whom to ask (GDPR)."""
    return render(request, "services_catalog/privacy.html")


LOOKUP = "__my_requests__"
VERIFIED_KEY = "ghiseu_verified_email"
VERIFIED_FOR_SECONDS = 30 * 60


@require_http_methods(["GET", "POST"])
def my_requests(request: HttpRequest) -> HttpResponse:
    """Every request of an e-mail address at this UAT, once the address is proven by a code."""
    verified = request.session.get(VERIFIED_KEY)
    if isinstance(verified, dict) and verified.get("until", 0) > time.time():
        return render(
            request,
            "services_catalog/my_requests.html",
            {"email": verified["email"], "cases": case_list_for_email(email=verified["email"])},
        )
    form = EmailLookupForm(request.POST if request.POST.get("step") == "email" else None)
    error = ""
    if request.method == "POST" and request.POST.get("step") == "email" and form.is_valid():
        submission.pending_start(
            request.session,
            service_code=LOOKUP,
            service_title=_("Cererile mele"),
            version=0,
            answers={},
            email=form.cleaned_data["email"],
            language=translation.get_language() or "ro",
        )
    elif request.method == "POST" and request.POST.get("step") == "code":
        pending = submission.pending_get(request.session, service_code=LOOKUP)
        if pending is not None:
            error = submission.pending_check_code(
                request.session, pending, request.POST.get("cod", "")[:20]
            )
            if not error:
                submission.pending_clear(request.session)
                request.session[VERIFIED_KEY] = {
                    "email": pending.email,
                    "until": time.time() + VERIFIED_FOR_SECONDS,
                }
                return redirect("portal:my_requests")
    pending = submission.pending_get(request.session, service_code=LOOKUP)
    return render(
        request,
        "services_catalog/my_requests.html",
        {"form": form, "pending": pending, "error": error},
    )
