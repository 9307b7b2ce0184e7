"""Staff sign-in, sign-out, invitations and the staff home, per schema."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ghiseu.ops.forms import add_service_errors

from . import selectors, services
from .forms import InviteStaffForm, StaffLoginForm
from .models import Role


class StaffLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        # A `next` pointing back at this page would loop: go to the staff home instead.
        url = super().get_redirect_url()
        return "" if url.split("?", 1)[0] == self.request.path else url


class StaffLogoutView(auth_views.LogoutView):
    next_page = "accounts:login"


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/invitation.html"
    form_class = SetPasswordForm  # type: ignore[assignment]
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("accounts:home")
    reset_url_token = "set-password"

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        services.user_set_password_from_invitation(
            user=form.user, password=form.cleaned_data["new_password1"]
        )
        messages.success(self.request, _("Parola a fost setată. Bine ați venit!"))
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def staff_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    is_admin = getattr(user, "role", None) in {Role.UAT_ADMIN, Role.COUNTY_ADMIN}
    county_site = getattr(request, "tenant", None) is None
    form = InviteStaffForm(request.POST or None, county_site=county_site) if is_admin else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.user_invite(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Invitația a fost trimisă la %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:home")
    context: dict[str, Any] = {
        "invite_form": form,
        "staff": selectors.staff_list() if is_admin else None,
    }
    return render(request, "accounts/home.html", context)
