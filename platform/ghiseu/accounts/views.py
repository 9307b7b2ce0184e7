"""Staff sign-in, sign-out, invitations and the staff home, per schema."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ghiseu.audit.selectors import audit_events_for
from ghiseu.ops.forms import add_service_errors

from . import lifecycle, selectors, services, signin
from .dashboard import panels_for
from .forms import DeactivateForm, InviteStaffForm, StaffLoginForm
from .guards import uat_admin_only
from .models import Role, User
from .twofactor.policy import NextStep, next_step
from .work import open_work_count


def _second_step(request: HttpRequest, user: User, next_url: str) -> HttpResponse | None:
    """After the password: the second factor's page, or None to sign in right away."""
    step = next_step(user)
    if step is NextStep.NONE:
        return None
    signin.pending_start(request, user=user, next_url=next_url)
    return redirect(
        "accounts:two_factor" if step is NextStep.VERIFY else "accounts:two_factor_setup"
    )


class StaffLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        # A `next` pointing back at this page would loop: go to the staff home instead.
        url = super().get_redirect_url()
        return "" if url.split("?", 1)[0] == self.request.path else url

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        second = _second_step(self.request, form.get_user(), self.get_redirect_url())
        return second or super().form_valid(form)


class StaffLogoutView(auth_views.LogoutView):
    next_page = "accounts:login"


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/invitation.html"
    form_class = SetPasswordForm  # type: ignore[assignment]
    success_url = reverse_lazy("accounts:home")
    reset_url_token = "set-password"  # noqa: S105 (a URL marker, not a password)

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        user = services.user_set_password_from_invitation(
            user=form.user, password=form.cleaned_data["new_password1"]
        )
        messages.success(self.request, _("Parola a fost setată. Bine ați venit!"))
        self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, None)
        # A new administrator sets up the second factor before anything else.
        second = _second_step(self.request, user, "")
        if second is not None:
            return second
        auth_login(self.request, user, backend=signin.DEFAULT_BACKEND)
        return redirect(self.success_url)


@login_required
@require_http_methods(["GET"])
def staff_home(request: HttpRequest) -> HttpResponse:
    """The working dashboard: each app's panel for this user."""
    return render(request, "accounts/home.html", {"panels": panels_for(request)})


def _staff_admin(user: Any) -> bool:
    return getattr(user, "role", None) in {Role.UAT_ADMIN, Role.COUNTY_ADMIN}


@login_required
@require_http_methods(["GET", "POST"])
def staff_accounts(request: HttpRequest) -> HttpResponse:
    """The staff accounts of this UAT (or of the county site) and the invitation form."""
    user = request.user
    if not _staff_admin(user):
        raise PermissionDenied
    county_site = getattr(request, "tenant", None) is None
    form = InviteStaffForm(request.POST or None, county_site=county_site)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_invite(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Invitația a fost trimisă la %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:staff")
    context: dict[str, Any] = {
        "invite_form": form,
        "staff": [
            (member, selectors.invitation_expired(member)) for member in selectors.staff_list()
        ],
    }
    return render(request, "accounts/staff.html", context)


def _member_or_404(pk: int) -> User:
    member = selectors.staff_member_get(pk=pk)
    if member is None:
        raise Http404
    return member


@uat_admin_only
@require_http_methods(["GET"])
def staff_member(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(pk)
    open_work = open_work_count(member)
    context = {
        "member": member,
        "open_work": open_work,
        "deactivate_form": DeactivateForm(
            candidates=selectors.reassign_candidates(user=member), open_work=open_work
        ),
        "invitation_expired": selectors.invitation_expired(member),
        "events": audit_events_for(object_type="accounts.user", object_id=member.pk)[:30],
    }
    return render(request, "accounts/staff_member.html", context)


@uat_admin_only
@require_POST
def staff_member_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    member = _member_or_404(pk)
    done = {
        "dezactiveaza": _("Contul a fost dezactivat; sesiunile lui au fost închise."),
        "reactiveaza": _("Contul a fost reactivat."),
        "reseteaza-2fa": _("Verificarea a fost resetată; colegul a primit un e-mail."),
        "retrimite-invitatia": _("O invitație nouă a fost trimisă."),
    }
    if action not in done:
        raise Http404
    try:
        if action == "dezactiveaza":
            form = DeactivateForm(
                request.POST, candidates=selectors.reassign_candidates(user=member)
            )
            if not form.is_valid():
                raise ValidationError(_("Colegul ales nu poate prelua dosarele."))
            lifecycle.user_deactivate(
                actor=request.user, user=member, reassign_to=form.cleaned_data["reassign_to"]
            )
        elif action == "reactiveaza":
            lifecycle.user_reactivate(actor=request.user, user=member)
        elif action == "reseteaza-2fa":
            lifecycle.user_two_factor_reset(actor=request.user, user=member)
        else:
            lifecycle.invitation_resend(actor=request.user, user=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done[action])
    return redirect("accounts:staff_member", pk=member.pk)
