"""The citizen's side of a registered request: the tracking page (and the reply to a request
for clarification), the receipt, the documents, and "my requests" for a proven e-mail address."""

from __future__ import annotations

import time

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from citizens.session import signed_in_citizen
from dms.archive.services import document_is_destroyed
from dms.cases.actions import WorkflowError, case_citizen_reply
from dms.cases.selectors import (
    case_document_get,
    case_get_by_token,
    case_public_documents,
    case_public_events,
)
from dms.cases.selectors import cases_for_email as case_list_for_email
from dms.cases.subject_access import subject_access_export
from dms.documents.letterhead.receipt import issuer_of, receipt_pdf
from dms.models import Case, CaseStatus
from payments.checkout import allow_checkout
from payments.selectors import payment_for_purpose

from . import selectors, submission
from .county_requests import county_requests
from .forms import ClarificationReplyForm, EmailLookupForm


@require_http_methods(["GET", "POST"])
def case_status(request: HttpRequest, token: str) -> HttpResponse:
    """The tracking page; while the institution waits for the citizen, also the reply form
    (the unguessable link is the citizen's authorization, as for downloads)."""
    case = case_get_by_token(token=token)
    if case is None:
        raise Http404
    if _someone_elses(request, case):
        return _not_yours(request)
    reply = None
    if case.status == CaseStatus.WAITING:
        reply = ClarificationReplyForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and reply.is_valid():
            try:
                case_citizen_reply(
                    case=case,
                    message=reply.cleaned_data["message"],
                    files=reply.cleaned_data["documents"],
                )
            except WorkflowError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Am primit completările. Mulțumim!"))
            return redirect("portal:case", token=token)
    elif request.method == "POST":
        messages.info(request, _("Cererea nu mai așteaptă completări de la dvs."))
        return redirect("portal:case", token=token)
    service = selectors.catalog_service(code=case.service_code)
    payment = payment_for_purpose(purpose=f"case:{case.pk}") if case.fee_amount else None
    return allow_checkout(
        render(
            request,
            "services_catalog/case.html",
            {
                "case": case,
                "service": service,
                "events": case_public_events(case=case),
                "documents": list(case_public_documents(case=case)),
                "reply": reply,
                "payment": payment,
                "pay_url": reverse("portal:case_pay", kwargs={"token": token}),
            },
        )
    )


def _someone_elses(request: HttpRequest, case: Case) -> bool:
    """A request filed with an e-ID, opened by another signed-in citizen. (Without signing
    in, the unguessable link stays the holder's authorization, as for the e-mail route.)"""
    signed_in = signed_in_citizen(request)
    return bool(case.citizen_ref and signed_in and signed_in.citizen.pk != case.citizen_ref)


def _not_yours(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "services_catalog/not_yours.html",
        status=403,
    )


@require_safe
def case_receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The PDF receipt, for whoever holds the tracking link (as the case page itself)."""
    case = case_get_by_token(token=token)
    if case is None:
        raise Http404
    if _someone_elses(request, case):
        return _not_yours(request)
    service = selectors.catalog_service(code=case.service_code)
    pdf = receipt_pdf(
        case=case,
        documents=list(case_public_documents(case=case).filter(kind="attachment")),
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
def case_document(request: HttpRequest, token: str, document_id: int) -> HttpResponseBase:
    """A document is served only to whoever holds its case's tracking link."""
    document = case_document_get(token=token, document_id=document_id)
    if document is None:
        raise Http404
    if document_is_destroyed(document):
        return HttpResponse(
            _("Documentul a fost eliminat din arhivă la expirarea termenului de păstrare."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    try:
        handle = default_storage.open(document.storage_key, "rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=document.content_type, as_attachment=True, filename=document.name
    )
    response["Cache-Control"] = "private, no-store"  # personal documents behind a bearer link
    return response


LOOKUP = "__my_requests__"
VERIFIED_KEY = "ghiseu_verified_email"
VERIFIED_FOR_SECONDS = 30 * 60


def _verified_email(request: HttpRequest) -> str:
    verified = request.session.get(VERIFIED_KEY)
    if isinstance(verified, dict) and verified.get("until", 0) > time.time():
        return str(verified["email"])
    return ""


@require_safe
def my_data(request: HttpRequest) -> HttpResponseBase:
    """Everything this UAT holds about the proven address, as one ZIP (GDPR art. 15)."""
    email = _verified_email(request)
    if not email:
        return redirect("portal:my_requests")
    export = subject_access_export(email=email, language=translation.get_language() or "ro")
    stamp = timezone.localdate().isoformat()
    return FileResponse(
        export.file,
        as_attachment=True,
        filename=f"datele-mele-{stamp}.zip",
        content_type="application/zip",
    )


@require_http_methods(["GET", "POST"])
def my_requests(request: HttpRequest) -> HttpResponse:
    """Every request of an e-mail address at this UAT, once the address is proven by a code."""
    signed_in = signed_in_citizen(request)
    if signed_in is not None:
        return render(
            request,
            "services_catalog/my_requests_county.html",
            {"requests": county_requests(citizen_id=signed_in.citizen.pk)},
        )
    verified = request.session.get(VERIFIED_KEY)
    if isinstance(verified, dict) and verified.get("until", 0) > time.time():
        cases = case_list_for_email(email=verified["email"])
        titles = selectors.catalog_titles(codes={case.service_code for case in cases})
        return render(
            request,
            "services_catalog/my_requests.html",
            {
                "email": verified["email"],
                "cases": [
                    (case, titles.get(case.service_code) or case.service_title) for case in cases
                ],
            },
        )
    form = EmailLookupForm(request.POST if request.POST.get("step") == "email" else None)
    error = ""
    if request.method == "POST" and request.POST.get("step") == "email" and form.is_valid():
        refused = submission.code_request_refused(
            email=form.cleaned_data["email"], client_ip=get_client_ip_address(request) or ""
        )
        if refused:
            form.add_error("email", refused)
        else:
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
        if pending is None:
            error = _("Cereți mai întâi un cod: scrieți adresa de e-mail mai jos.")
        else:
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
        {
            "form": form,
            "pending": pending,
            "error": error,
            "problems": [(error, "cod" if pending else "")] if error else [],
        },
    )
