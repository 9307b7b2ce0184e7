"""The county's side of the e-ID sign-in: the one redirect URI every provider knows."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from .eid.flow import sign_in_complete
from .messages import sign_in_error


@require_safe
def eid_callback(request: HttpRequest) -> HttpResponse:
    completed = sign_in_complete(
        state=request.GET.get("state", "")[:200],
        code=request.GET.get("code", "")[:2000],
        error=request.GET.get("error", "")[:100],
    )
    if completed.redirect_url is None:
        return render(
            request,
            "citizens/callback_error.html",
            {"error": sign_in_error(completed.error)},
            status=400,
        )
    return redirect(completed.redirect_url)
