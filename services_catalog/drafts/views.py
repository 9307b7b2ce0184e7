"""Resuming a draft: by its e-mailed link, or from a signed-in citizen's list."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from citizens.session import signed_in_citizen

from .resume import draft_hold
from .selectors import draft_of_citizen, drafts_of_citizen
from .services import draft_discard, draft_resume_by_link


@require_safe
def resume_by_link(request: HttpRequest, token: str) -> HttpResponse:
    draft = draft_resume_by_link(token=token[:100])
    if draft is None:
        return render(
            request,
            "drafts/link_spent.html",
            {"days": settings.DRAFTS_KEEP_DAYS},
            status=410,
        )
    draft_hold(request.session, draft)
    messages.info(request, _("Am reluat cererea salvată. Verificați datele și continuați."))
    return redirect("portal:apply", code=draft.service_code)


@require_safe
def my_drafts(request: HttpRequest) -> HttpResponse:
    signed_in = signed_in_citizen(request)
    if signed_in is None:
        return redirect(f"/autentificare/?next={request.path}")
    return render(
        request,
        "drafts/list.html",
        {"drafts": list(drafts_of_citizen(citizen_ref=signed_in.citizen.pk)[:50])},
    )


@require_POST
def draft_action(request: HttpRequest, pk: int) -> HttpResponse:
    signed_in = signed_in_citizen(request)
    draft = draft_of_citizen(citizen_ref=signed_in.citizen.pk, pk=pk) if signed_in else None
    if draft is None:
        raise Http404
    if request.POST.get("action") == "sterge":
        draft_discard(draft=draft)
        messages.info(request, _("Ciorna a fost ștearsă, cu fișierele ei."))
        return redirect("drafts:mine")
    draft_hold(request.session, draft)
    return redirect("portal:apply", code=draft.service_code)
