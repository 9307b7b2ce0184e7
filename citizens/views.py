"""A portal's side of the e-ID sign-in, and the citizen's account page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ghiseu.audit.services import audit_record

from . import services
from .eid.flow import sign_in_redeem, sign_in_start
from .eid.providers import ProviderUnavailable, eid_provider, eid_providers
from .forms import KeepContactForm
from .messages import ROUTE_BY_EMAIL, assurance_label, sign_in_error
from .session import BROWSER_KEY, session_sign_in, session_sign_out, signed_in_citizen


def _next_path(request: HttpRequest) -> str:
    candidate = request.GET.get("next", "")[:500]
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}
    ):
        return candidate
    return "/contul-meu/"


def _sign_in_page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "citizens/sign_in.html",
        {
            "providers": eid_providers(),
            "next": _next_path(request),
            "error": error,
            "route_by_email": ROUTE_BY_EMAIL,
        },
        status=status,
    )


@require_safe
def sign_in(request: HttpRequest) -> HttpResponse:
    return _sign_in_page(request)


@require_safe
def eid_start(request: HttpRequest, provider: str) -> HttpResponse:
    chosen = eid_provider(provider)
    if chosen is None:
        raise Http404
    try:
        started = sign_in_start(
            provider=chosen,
            schema_name=request.tenant.schema_name,  # type: ignore[attr-defined]
            return_origin=f"{request.scheme}://{request.get_host()}",
            return_path=_next_path(request),
        )
    except ProviderUnavailable:
        return _sign_in_page(request, error=sign_in_error("provider_unavailable"), status=503)
    request.session[BROWSER_KEY] = started.browser_key
    return redirect(started.authorization_url)


@require_safe
def eid_return(request: HttpRequest) -> HttpResponse:
    """Where the county's callback sends the browser back: a ticket, or what went wrong."""
    if "bilet" not in request.GET:
        return _sign_in_page(
            request, error=sign_in_error(request.GET.get("eroare", "")[:40]), status=400
        )
    sign_in = sign_in_redeem(
        ticket=request.GET["bilet"][:100],
        browser_key=str(request.session.get(BROWSER_KEY, "")),
        schema_name=request.tenant.schema_name,  # type: ignore[attr-defined]
    )
    if sign_in is None or sign_in.citizen is None:
        return _sign_in_page(request, error=sign_in_error("ticket"), status=400)
    session_sign_in(
        request, citizen=sign_in.citizen, provider=sign_in.provider, assurance=sign_in.assurance
    )
    audit_record(
        actor=None,
        action="citizen.portal_signed_in",
        target=sign_in.citizen,
        data={"provider": sign_in.provider, "assurance": sign_in.assurance},
    )
    messages.success(
        request, _("Sunteți autentificat ca %(name)s.") % {"name": sign_in.citizen.full_name}
    )
    return redirect(sign_in.return_path or "/contul-meu/")


@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    signed_in = signed_in_citizen(request)
    if signed_in is None:
        return redirect(f"/autentificare/?next={request.path}")
    form = KeepContactForm(
        request.POST or None,
        initial={"email": signed_in.citizen.kept_email, "phone": signed_in.citizen.kept_phone},
    )
    if request.method == "POST" and form.is_valid():
        services.citizen_keep_contact(
            citizen=signed_in.citizen,
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
        )
        messages.success(request, _("Am păstrat datele de contact."))
        return redirect("citizens:account")
    provider = eid_provider(signed_in.provider)
    return render(
        request,
        "citizens/account.html",
        {
            "signed_in": signed_in,
            "citizen": signed_in.citizen,
            "provider_label": provider.label if provider else signed_in.provider,
            "assurance_label": assurance_label(signed_in.assurance),
            "form": form,
        },
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session_sign_out(request)
    messages.info(request, _("V-ați deconectat."))
    return redirect("/")


@require_POST
def forget(request: HttpRequest) -> HttpResponse:
    signed_in = signed_in_citizen(request)
    if signed_in is not None:
        services.citizen_forget(citizen=signed_in.citizen)
    session_sign_out(request)
    messages.info(request, _("Contul dvs. a fost închis și datele lui au fost șterse."))
    return redirect("/")
