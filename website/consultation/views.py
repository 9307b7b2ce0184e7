"""Public consultation on the portal: the drafts, each with its dates, its register of
recommendations and the form; the e-mail is proven by the counter's one-time code before
anything is registered; the register of proposals and the yearly report."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from services_catalog import submission
from website.pagination import keyset_page
from website.serving import file_response

from . import selectors, services
from .forms import RecommendationForm
from .models import Consultation
from .report import year_report_pdf

MAX_NUMBER = 999_999


def _consultation_or_404(year: int, number: int) -> Consultation:
    consultation = (
        selectors.consultation_public(year=year, number=number)
        if 1990 <= year <= 9999 and 0 < number <= MAX_NUMBER
        else None
    )
    if consultation is None:
        raise Http404
    return consultation


def _pending_key(consultation: Consultation) -> str:
    # The counter's pending submission is keyed by a service code; ours cannot be one.
    return f"consultare:{consultation.pk}"


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    consultations = list(selectors.consultations_public()[:100])
    return render(
        request,
        "website/consultation/list.html",
        {
            "open": [c for c in consultations if c.is_open(today)],
            "closed": [c for c in consultations if not c.is_open(today)],
        },
    )


def _detail(
    request: HttpRequest, consultation: Consultation, form: RecommendationForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "website/consultation/detail.html",
        {
            "consultation": consultation,
            "recommendations": list(selectors.recommendations_of(consultation=consultation)),
            "form": form,
            "is_open": consultation.is_open(timezone.localdate()),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def consultation_detail(request: HttpRequest, year: int, number: int) -> HttpResponse:
    consultation = _consultation_or_404(year, number)
    form = RecommendationForm(request.POST or None)
    if request.method != "POST":
        return _detail(request, consultation, form)
    try:
        services.recommendation_check_open(consultation=consultation)
    except ValidationError as error:
        form.add_error(None, error.messages[0])
        return _detail(request, consultation, form, status=400)
    if not form.is_valid():
        return _detail(request, consultation, form, status=400)
    email = form.cleaned_data["email"]
    refused = submission.code_request_refused(
        email=email, client_ip=get_client_ip_address(request) or ""
    )
    if refused:
        form.add_error(None, refused)
        return _detail(request, consultation, form, status=429)
    submission.pending_start(
        request.session,
        service_code=_pending_key(consultation),
        service_title=str(consultation),
        version=0,
        answers={k: v for k, v in form.cleaned_data.items() if k != "email"},
        email=email,
        language=translation.get_language() or "ro",
    )
    return redirect("consultation:confirm", year=year, number=number)


@require_http_methods(["GET", "POST"])
def recommendation_confirm(request: HttpRequest, year: int, number: int) -> HttpResponse:
    consultation = _consultation_or_404(year, number)
    pending = submission.pending_get(request.session, service_code=_pending_key(consultation))
    if pending is None:
        messages.info(request, _("Scrieți recomandarea pentru a o trimite."))
        return redirect(consultation.public_path)
    error = ""
    if request.method == "POST":
        error = submission.pending_check_code(
            request.session, pending, request.POST.get("cod", "")[:20]
        )
        if not error:
            try:
                recommendation = services.recommendation_register(
                    consultation_id=consultation.pk,
                    author_name=str(pending.answers.get("author_name", "")),
                    organisation=str(pending.answers.get("organisation", "")),
                    email=pending.email,
                    text=str(pending.answers.get("text", "")),
                    submission_key=pending.key,
                )
            except ValidationError as closed:
                submission.pending_clear(request.session)
                messages.error(request, closed.messages[0])
                return redirect(consultation.public_path)
            submission.pending_clear(request.session)
            messages.success(
                request,
                _(
                    "Recomandarea a fost înregistrată cu nr. %(number)s în registrul "
                    "propunerilor. Răspunsul va apărea pe această pagină."
                )
                % {"number": str(recommendation)},
            )
            return redirect(consultation.public_path + "#registru")
        if submission.pending_get(request.session, service_code=_pending_key(consultation)) is None:
            messages.error(request, error)
            return redirect(consultation.public_path)
    return render(
        request,
        "website/consultation/confirm.html",
        {"consultation": consultation, "pending": pending, "error": error},
        status=400 if error else 200,
    )


@require_safe
def consultation_draft(request: HttpRequest, year: int, number: int) -> HttpResponseBase:
    consultation = _consultation_or_404(year, number)
    return file_response(
        storage_key=consultation.draft_storage_key,
        name=consultation.draft_name,
        content_type="application/pdf",
        public=True,
    )


@require_safe
def proposals(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("an", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else None
    rows = selectors.proposals_register(year=year)
    page = keyset_page(rows, keys=selectors.PROPOSAL_ORDER, params=request.GET, size=30)
    return render(
        request,
        "website/consultation/proposals.html",
        {
            "page": page,
            "rows": page.rows,
            "years": selectors.proposal_years(),
            "year": year,
        },
    )


@require_safe
def year_report(request: HttpRequest, year: int) -> HttpResponse:
    if not 1990 <= year <= timezone.localdate().year:
        raise Http404
    response = HttpResponse(
        year_report_pdf(uat=request.tenant, year=year),  # type: ignore[attr-defined]
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="raport-legea-52-{year}.pdf"'
    return response
