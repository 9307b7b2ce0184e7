"""The county administrators' console on the county site (public schema)."""

from __future__ import annotations

import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ghiseu.accounts.guards import county_admin_page
from ghiseu.audit.selectors import audit_events_for
from ghiseu.notifications import selectors as notification_selectors
from ghiseu.ops.forms import add_service_errors

from . import selectors, services
from .domains import services as domain_services
from .forms import SmsQuotaForm, StaffTwoFactorResetForm, UATOnboardingForm, UATStatusForm
from .models import UAT, DomainClaim
from .selfservice.forms import DomainDecisionForm
from .staff import uat_staff_for_console, uat_staff_two_factor_reset

# One door for every console page, shared with the other apps' console pages.
county_admin_required = county_admin_page


@county_admin_required
def uat_list(request: HttpRequest) -> HttpResponse:
    return render(request, "tenants/console/list.html", {"uats": selectors.uat_console_list()})


@county_admin_required
@require_http_methods(["GET", "POST"])
def uat_onboard(request: HttpRequest) -> HttpResponse:
    form = UATOnboardingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        started = time.perf_counter()
        try:
            uat = services.uat_onboard(
                data=services.OnboardingData(**form.cleaned_data), actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s a fost creat în %(seconds).2f s; invitația a plecat la %(email)s.")
                % {
                    "name": uat.official_name,
                    "seconds": time.perf_counter() - started,
                    "email": form.cleaned_data["admin_email"],
                },
            )
            return redirect("console:uat_detail", slug=uat.slug)
    return render(request, "tenants/console/onboard.html", {"form": form})


def _uat_or_404(slug: str) -> UAT:
    uat = selectors.uat_get_by_slug(slug=slug)
    if uat is None:
        raise Http404
    return uat


def _detail(
    request: HttpRequest, uat: UAT, *, reset_form: StaffTwoFactorResetForm | None = None
) -> HttpResponse:
    staff = uat_staff_for_console(uat=uat)
    context = {
        "subject": uat,
        "domains": list(uat.domains.all()),
        "status_form": UATStatusForm(initial={"status": uat.status}),
        "quota_form": SmsQuotaForm(initial={"sms_quota_monthly": uat.sms_quota_monthly}),
        "reset_form": reset_form or StaffTwoFactorResetForm(staff=staff),
        "events": audit_events_for(object_type="tenants.uat", object_id=uat.pk)[:50],
    }
    return render(
        request, "tenants/console/detail.html", context, status=400 if reset_form else 200
    )


@county_admin_required
def uat_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, _uat_or_404(slug))


@county_admin_required
@require_POST
def uat_staff_two_factor_reset_view(request: HttpRequest, slug: str) -> HttpResponse:
    uat = _uat_or_404(slug)
    form = StaffTwoFactorResetForm(request.POST, staff=uat_staff_for_console(uat=uat))
    if form.is_valid():
        try:
            uat_staff_two_factor_reset(
                uat=uat,
                actor=request.user,
                user_id=form.cleaned_data["user"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Verificarea în doi pași a fost resetată; persoana a primit un e-mail și "
                    "va configura o metodă nouă la următoarea autentificare."
                ),
            )
            return redirect("console:uat_detail", slug=slug)
    return _detail(request, uat, reset_form=form)


@county_admin_required
@require_POST
def uat_change_sms_quota(request: HttpRequest, slug: str) -> HttpResponse:
    uat = _uat_or_404(slug)
    form = SmsQuotaForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("sms_quota_monthly", [])))
        return redirect("console:uat_detail", slug=slug)
    services.uat_set_sms_quota(
        uat=uat, quota=form.cleaned_data["sms_quota_monthly"], actor=request.user
    )
    messages.success(request, _("Cota de SMS a fost actualizată."))
    return redirect("console:uat_detail", slug=slug)


@county_admin_required
@require_POST
def uat_change_status(request: HttpRequest, slug: str) -> HttpResponse:
    uat = _uat_or_404(slug)
    form = UATStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Starea aleasă nu este validă."))
        return redirect("console:uat_detail", slug=slug)
    services.uat_set_status(
        uat=uat,
        status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
        actor=request.user,
    )
    messages.success(request, _("Starea a fost actualizată."))
    return redirect("console:uat_detail", slug=slug)


@county_admin_required
def pipeline_health(request: HttpRequest) -> HttpResponse:
    """Queued, failed and delivered notifications of every UAT, in two queries."""
    uats = list(selectors.uat_console_list().filter(status="active"))
    health = notification_selectors.pipeline_health(schemas=[uat.schema_name for uat in uats])
    rows = [(uat, health.get(uat.schema_name)) for uat in uats]
    return render(request, "tenants/console/pipeline.html", {"rows": rows})


@county_admin_required
@require_http_methods(["GET"])
def domain_claims(request: HttpRequest) -> HttpResponse:
    """Custom domains whose control a UAT proved, waiting for the county; and the latest."""
    claims = DomainClaim.objects.select_related("uat").order_by("status", "-created_at")[:200]
    return render(
        request,
        "tenants/console/domains.html",
        {"claims": claims, "form": DomainDecisionForm()},
    )


@county_admin_required
@require_POST
def domain_claim_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in {"aproba", "respinge"} or not DomainClaim.objects.filter(pk=pk).exists():
        raise Http404
    form = DomainDecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        claim = domain_services.domain_claim_decide(
            claim_id=pk, approve=decision == "aproba", actor=request.user, note=note
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(domain)s: %(status)s.")
            % {"domain": claim.hostname, "status": claim.get_status_display()},
        )
    return redirect("console:domain_claims")
