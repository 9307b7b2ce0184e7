"""The survey page: the link is the citizen's key; no sign-in, no JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import SurveyForm
from .selectors import survey_get_by_token
from .services import SurveyAnswer, SurveyError, survey_answer

# The service's refusals that are about one answer, shown next to it; the others (a used or
# forged link, a case without an answer) end the survey.
ANSWER_FIELD_OF = {
    "invalid_score": "score",
    "invalid_reason": "reason",
    "too_long": "comment",
    "missing_comment": "comment",
}


def _page(request: HttpRequest, context: dict[str, object], status: int = 200) -> HttpResponse:
    response = render(request, "quality/surveys/answer.html", context, status=status)
    # The address is the key: never pass it to another site (same-origin keeps the Origin
    # header of its own form, which the CSRF check needs).
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    survey = survey_get_by_token(token=token)
    if survey is None:
        return _page(request, {"refused": _("Linkul chestionarului nu este valid.")}, status=404)
    if survey.answered_at is not None:
        thanks = request.GET.get("multumim") == "1"
        return _page(request, {"survey": survey, "done": True, "thanks": thanks})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(token=token, answer=SurveyAnswer(**form.cleaned_data))
        except SurveyError as error:
            if error.code not in ANSWER_FIELD_OF:
                status = 409 if error.code == "already_answered" else 400
                return _page(request, {"survey": survey, "refused": error.message}, status=status)
            # A refused answer comes back with what the citizen chose and wrote.
            form.add_error(ANSWER_FIELD_OF[error.code], error.message)
        else:
            return redirect(f"{request.path}?multumim=1")
    status = 400 if request.method == "POST" else 200
    return _page(request, {"survey": survey, "form": form}, status=status)
