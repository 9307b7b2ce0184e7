"""The UAT administrator's settings of their portal, and its custom domains."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ghiseu.accounts.guards import uat_admin_only
from ghiseu.audit.selectors import audit_events_for
from ghiseu.branding.contrast import contrast_ratio, darkened_until_readable, readable_text_on
from ghiseu.ops.forms import add_service_errors

from ..domains import proof
from ..domains import services as domain_services
from ..models import UAT, DomainClaim
from . import services
from .forms import CoatOfArmsForm, DomainClaimForm, PortalProfileForm


def _uat(request: HttpRequest) -> UAT:
    return UAT.objects.get(pk=request.tenant.pk)  # type: ignore[attr-defined]


def _contrast(uat: UAT) -> list[dict[str, object]]:
    rows = []
    for label, color in (
        (_("principală"), uat.primary_color),
        (_("secundară"), uat.secondary_color),
    ):
        text = readable_text_on(color)
        rows.append(
            {"label": label, "color": color, "text": text, "ratio": contrast_ratio(color, text)}
        )
    link = darkened_until_readable(uat.primary_color)
    rows.append(
        {
            "label": _("linkuri pe alb"),
            "color": "#ffffff",
            "text": link,
            "ratio": contrast_ratio(link, "#ffffff"),
        }
    )
    return rows


def _initial(uat: UAT) -> dict[str, object]:
    initial: dict[str, object] = {key: getattr(uat, key) for key in services.EDITABLE}
    initial["languages"] = uat.languages.split(",")
    return initial


@uat_admin_only
@require_http_methods(["GET", "POST"])
def portal_settings(request: HttpRequest) -> HttpResponse:
    uat = _uat(request)
    form = PortalProfileForm(request.POST or None, initial=_initial(uat))
    if request.method == "POST" and form.is_valid():
        try:
            uat = services.uat_profile_update(uat=uat, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Setările portalului au fost salvate."))
            return redirect("portal_settings:home")
    context = {
        "form": form,
        "arms_form": CoatOfArmsForm(),
        "contrast": _contrast(uat),
        "subject": uat,
        "claims": list(DomainClaim.objects.filter(uat=uat)[:20]),
        "domains": list(uat.domains.order_by("-is_primary", "domain")),
        "claim_form": DomainClaimForm(),
        "http_path": proof.HTTP_PATH,
        "txt_prefix": proof.TXT_PREFIX,
        "events": audit_events_for(object_type="tenants.uat", object_id=uat.pk)[:30],
    }
    return render(request, "tenants/selfservice/settings.html", context)


@uat_admin_only
@require_POST
def coat_of_arms(request: HttpRequest) -> HttpResponse:
    form = CoatOfArmsForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Alegeți un fișier cu stema."))
        return redirect("portal_settings:home")
    try:
        services.uat_coat_of_arms_replace(
            uat=_uat(request), actor=request.user, upload=form.cleaned_data["coat_of_arms"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Stema a fost schimbată."))
    return redirect("portal_settings:home")


@uat_admin_only
@require_POST
def domain_add(request: HttpRequest) -> HttpResponse:
    form = DomainClaimForm(request.POST)
    if form.is_valid():
        try:
            domain_services.domain_claim_add(
                uat=_uat(request), hostname=form.cleaned_data["hostname"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Domeniul a fost adăugat. Dovediți acum că instituția îl controlează.")
            )
    else:
        messages.error(request, _("Scrieți numele domeniului."))
    return redirect("portal_settings:home")


@uat_admin_only
@require_POST
def domain_verify(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim = domain_services.domain_claim_verify(
            uat=_uat(request), claim_id=pk, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if claim.status == "proven":
            messages.success(request, _("Controlul a fost dovedit; județul va aproba domeniul."))
        elif claim.status == "pending":
            messages.error(request, claim.last_check_error)
    return redirect("portal_settings:home")


@uat_admin_only
@require_POST
def domain_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        domain_services.domain_claim_withdraw(uat=_uat(request), claim_id=pk, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Domeniul a fost retras; portalul nu mai răspunde pe el."))
    return redirect("portal_settings:home")
