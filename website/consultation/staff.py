"""The secretary's consultation pages (/birou/consultari/): a draft put to consultation, its
recommendations answered, the outcome recorded, the yearly report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ghiseu.ops.forms import add_service_errors
from website.permissions import site_editors_only

from . import selectors, services
from .forms import AnswerForm, ConsultationForm, OutcomeForm
from .models import Consultation
from .rules import earliest_comments_until, earliest_vote

MAX_ID = 2**62


def _consultation_or_404(consultation_id: int) -> Consultation:
    found = (
        selectors.consultation_staff(consultation_id=consultation_id)
        if 0 < consultation_id <= MAX_ID
        else None
    )
    if found is None:
        raise Http404
    return found


@site_editors_only
@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "website/staff/consultations.html",
        {
            "consultations": list(selectors.consultation_staff_list()[:200]),
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        },
    )


@site_editors_only
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = ConsultationForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "comments_until": earliest_comments_until(today),
            "vote_not_before": earliest_vote(today),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.consultation_create(
                user=request.user,
                data=services.ConsultationData(
                    title=data["title"],
                    summary_html=data["summary_html"],
                    pdf=data["pdf"],
                    comments_until=data["comments_until"],
                    vote_not_before=data["vote_not_before"],
                    debate_on=data["debate_on"],
                    publish=data["publish"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(draft)s a fost înregistrat.") % {"draft": consultation})
            return redirect("consultation_staff:detail", consultation_id=consultation.pk)
    return render(
        request,
        "website/staff/consultation_new.html",
        {"form": form, "earliest_vote": earliest_vote(today)},
        status=400 if form.is_bound else 200,
    )


def _render(
    request: HttpRequest,
    consultation: Consultation,
    *,
    outcome: OutcomeForm | None = None,
    bound_answer: tuple[int, AnswerForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    recommendations = list(selectors.recommendations_of(consultation=consultation))
    answer_forms = {
        r.pk: AnswerForm(
            prefix=f"r{r.pk}",
            initial={"status": r.status if r.answered_at else "accepted", "answer": r.answer},
        )
        for r in recommendations
    }
    if bound_answer is not None:
        answer_forms[bound_answer[0]] = bound_answer[1]
    return render(
        request,
        "website/staff/consultation.html",
        {
            "consultation": consultation,
            "rows": [(r, answer_forms[r.pk]) for r in recommendations],
            "outcome": outcome
            or OutcomeForm(
                initial={
                    "debate_on": consultation.debate_on,
                    "debate_participants": consultation.debate_participants,
                    "lawsuits": consultation.lawsuits,
                    "adopted_reference": consultation.adopted_act.reference
                    if consultation.adopted_act
                    else "",
                }
            ),
            "is_open": consultation.is_open(timezone.localdate()),
        },
        status=status,
    )


@site_editors_only
@require_safe
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    return _render(request, _consultation_or_404(consultation_id))


@site_editors_only
@require_POST
def consultation_outcome(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation_or_404(consultation_id)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_record_outcome(
                user=request.user, consultation_id=consultation.pk, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rezultatul consultării a fost salvat."))
            return redirect("consultation_staff:detail", consultation_id=consultation.pk)
    return _render(request, consultation, outcome=form, status=400)


@site_editors_only
@require_POST
def recommendation_answer(
    request: HttpRequest, consultation_id: int, recommendation_id: int
) -> HttpResponse:
    consultation = _consultation_or_404(consultation_id)
    if (
        recommendation_id > MAX_ID
        or not consultation.recommendations.filter(pk=recommendation_id).exists()
    ):
        raise Http404
    form = AnswerForm(request.POST, prefix=f"r{recommendation_id}")
    if form.is_valid():
        try:
            services.recommendation_answer(
                user=request.user, recommendation_id=recommendation_id, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Răspunsul a fost publicat în registrul propunerilor."))
            return redirect("consultation_staff:detail", consultation_id=consultation.pk)
    return _render(request, consultation, bound_answer=(recommendation_id, form), status=400)


@site_editors_only
@require_POST
def consultation_publication(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _consultation_or_404(consultation_id)
    try:
        if request.POST.get("publish") == "1":
            services.consultation_publish(user=request.user, consultation_id=consultation.pk)
            messages.success(request, _("Anunțul a fost publicat; consultarea a început azi."))
        else:
            services.consultation_unpublish(user=request.user, consultation_id=consultation.pk)
            messages.success(request, _("Anunțul a fost retras de pe site."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("consultation_staff:detail", consultation_id=consultation.pk)
