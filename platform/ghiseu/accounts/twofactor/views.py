"""The second step of a sign-in, the set-up on first sign-in, and the user's security page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from ghiseu.ops.forms import add_service_errors
from ghiseu.ops.tenancy import current_tenant_record

from .. import signin
from ..sessions import selectors as session_selectors
from ..sessions import services as session_services
from . import services, webauthn
from .forms import CodeForm, PasskeyForm, RecoveryCodeForm
from .models import RecoveryCodeSet, WebAuthnCredential
from .policy import NextStep, next_step, primary_factors, two_factor_required
from .qr import qr_svg, totp_secret_grouped, totp_uri

NEW_CODES = "_ghiseu_new_recovery_codes"
AFTER_CODES = "_ghiseu_after_recovery_codes"


def _institution() -> str:
    uat = current_tenant_record()
    if uat is not None:
        return str(uat.official_name)
    return _("Județul %(county)s") % {"county": settings.GHISEU_COUNTY_NAME}


def _safe_next(request: HttpRequest, url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


def _setup_context(request: HttpRequest, user: Any) -> dict[str, Any]:
    """Both ways to set up a factor: a passkey (first) and an authenticator app."""
    context: dict[str, Any] = {
        "passkey_form": PasskeyForm(),
        "code_form": CodeForm(),
        "webauthn_options": webauthn.registration_options(
            request, user=user, rp_name=_institution()
        ),
    }
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        device = services.totp_device_start(user=user)
        uri = totp_uri(device, issuer=f"Ghișeu {_institution()}")
        context.update(
            totp_secret=totp_secret_grouped(device),
            totp_qr=qr_svg(uri, title=_("Cod QR pentru aplicația de autentificare")),
        )
    return context


def _setup_post(request: HttpRequest, user: Any, context: dict[str, Any]) -> Any:
    # Runs before any new options are made: the challenge to check is the one already sent.
    """Confirm the factor the user set up; the device, or None with the form's errors set."""
    if request.POST.get("method") == "webauthn":
        form = PasskeyForm(request.POST)
        context["passkey_form"] = form
        if not form.is_valid():
            form.add_error(None, _("Browserul nu a trimis răspunsul cheii. Încercați din nou."))
            return None
        try:
            verified = webauthn.registration_verify(
                request, response_json=form.cleaned_data["credential"]
            )
            rp_id, _origin = webauthn.relying_party(request)
            return services.webauthn_credential_add(
                user=user,
                verified=verified,
                rp_id=rp_id,
                name=form.cleaned_data["name"],
                transports=webauthn.transports_of(form.cleaned_data["credential"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return None
    code_form = CodeForm(request.POST)
    context["code_form"] = code_form
    if not code_form.is_valid():
        return None
    try:
        device = services.totp_device_confirm(user=user, token=code_form.cleaned_data["token"])
    except ValidationError as error:
        add_service_errors(code_form, error, field="token")
        return None
    if device is None:
        code_form.add_error(
            "token",
            _("Codul nu este corect. Verificați ora telefonului și introduceți codul afișat acum."),
        )
    return device


def _codes_then(request: HttpRequest, user: Any, next_url: str) -> HttpResponse:
    """The first factor comes with recovery codes, shown once on the next page."""
    if not RecoveryCodeSet.objects.filter(user=user).exists():
        request.session[NEW_CODES] = services.recovery_codes_generate(user=user)
        request.session[AFTER_CODES] = next_url
        return redirect("accounts:recovery_codes")
    return redirect(next_url or "accounts:home")


@require_http_methods(["GET", "POST"])
def sign_in_setup(request: HttpRequest) -> HttpResponse:
    pending = signin.pending_get(request)
    if pending is None:
        return redirect("accounts:login")
    if next_step(pending.user) is not NextStep.SETUP:
        return redirect("accounts:two_factor")
    forms: dict[str, Any] = {}
    if request.method == "POST":
        device = _setup_post(request, pending.user, forms)
        if device is not None:
            next_url = signin.sign_in_complete(request, user=pending.user, device=device)
            return _codes_then(request, pending.user, _safe_next(request, next_url))
    context = {**_setup_context(request, pending.user), **forms, "signing_in": True}
    return render(request, "accounts/two_factor/setup.html", context)


@require_http_methods(["GET", "POST"])
def sign_in_verify(request: HttpRequest) -> HttpResponse:
    pending = signin.pending_get(request)
    if pending is None:
        return redirect("accounts:login")
    user = pending.user
    if next_step(user) is NextStep.SETUP:
        return redirect("accounts:two_factor_setup")
    factors = primary_factors(user)
    method = request.POST.get("method", "totp")
    forms: dict[str, Any] = {
        "code_form": CodeForm(),
        "recovery_form": RecoveryCodeForm(),
        "passkey_form": PasskeyForm(),
    }
    if request.method == "POST":
        device, wrong = _verify_post(request, user, method, forms)
        if device is not None:
            next_url = signin.sign_in_complete(request, user=user, device=device)
            if method == "recovery":
                messages.warning(request, _recovery_warning(user))
            return redirect(_safe_next(request, next_url) or "accounts:home")
        if wrong:
            if signin.pending_failed(request, user=user, method=method):
                messages.error(
                    request,
                    _(
                        "Prea multe coduri greșite. Din motive de siguranță, "
                        "autentificați-vă din nou."
                    ),
                )
                return redirect("accounts:login")
            if method == "webauthn":
                messages.error(request, wrong)
            else:
                forms["recovery_form" if method == "recovery" else "code_form"].add_error(
                    "token", wrong
                )
    context = {
        **forms,
        "factors": factors,
        "webauthn_options": webauthn.authentication_options(request, user=user)
        if factors["webauthn"]
        else {},
        "show_recovery": method == "recovery" or request.GET.get("metoda") == "recuperare",
    }
    return render(request, "accounts/two_factor/verify.html", context)


def _verify_post(
    request: HttpRequest, user: Any, method: str, forms: dict[str, Any]
) -> tuple[Any, str]:
    """(the device that verified the user, or None; why a proof was wrong, or "")."""
    if method == "webauthn":
        passkey = PasskeyForm(request.POST)
        if not passkey.is_valid():
            return None, _("Browserul nu a trimis răspunsul cheii. Încercați din nou.")
        try:
            credential, count = webauthn.authentication_verify(
                request, user=user, response_json=passkey.cleaned_data["credential"]
            )
        except ValidationError as error:
            return None, " ".join(error.messages)
        services.webauthn_sign_in_record(credential=credential, new_sign_count=count)
        return credential, ""
    recovery = method == "recovery"
    key = "recovery_form" if recovery else "code_form"
    form = (RecoveryCodeForm if recovery else CodeForm)(request.POST)
    forms[key] = form
    if not form.is_valid():
        return None, ""
    kind = "recovery" if recovery else "totp"
    locked_until = services.device_throttled_until(user=user, method=kind)
    if locked_until is not None:
        form.add_error(
            "token",
            _("Prea multe încercări. Așteptați până la %(time)s și încercați din nou.")
            % {"time": formats.time_format(timezone.localtime(locked_until), "H:i:s")},
        )
        return None, ""
    device = services.second_factor_check(user=user, method=kind, token=form.cleaned_data["token"])
    if device is not None:
        return device, ""
    if recovery:
        return None, _("Codul de recuperare nu este valabil (poate a fost deja folosit).")
    return None, _("Codul nu este corect sau a fost deja folosit. Așteptați codul următor.")


def _recovery_warning(user: Any) -> str:
    device = RecoveryCodeSet.objects.filter(user=user).first()
    remaining = device.remaining if device else 0
    return _(
        "V-ați autentificat cu un cod de recuperare; mai aveți %(count)s. Configurați o metodă "
        "nouă din pagina Securitate dacă ați pierdut telefonul sau cheia."
    ) % {"count": remaining}


@login_required
@require_http_methods(["GET"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect("accounts:security")
    next_url = _safe_next(request, request.session.pop(AFTER_CODES, "") or "")
    return render(
        request, "accounts/two_factor/recovery_codes.html", {"codes": codes, "next": next_url}
    )


@login_required
@require_http_methods(["GET"])
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    recovery = RecoveryCodeSet.objects.filter(user=user).first()
    context = {
        "totp_devices": list(TOTPDevice.objects.filter(user=user, confirmed=True)),
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True)),
        "recovery_remaining": recovery.remaining if recovery else None,
        "required": two_factor_required(user),
        "sessions": list(session_selectors.staff_sessions_live(user=user)),
        "current_session": request.session.session_key,
    }
    return render(request, "accounts/two_factor/security.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def security_add(request: HttpRequest) -> HttpResponse:
    user = request.user
    forms: dict[str, Any] = {}
    if request.method == "POST":
        device = _setup_post(request, user, forms)
        if device is not None:
            messages.success(request, _("Metoda de verificare a fost adăugată."))
            return _codes_then(request, user, reverse("accounts:security"))
    context = {**_setup_context(request, user), **forms}
    return render(request, "accounts/two_factor/setup.html", context)


@login_required
@require_POST
def security_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in {"totp", "webauthn"}:
        raise Http404
    try:
        services.device_remove(user=request.user, kind=kind, device_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Metoda de verificare a fost eliminată."))
    return redirect("accounts:security")


@login_required
@require_POST
def security_recovery_codes(request: HttpRequest) -> HttpResponse:
    if services.factor_count(request.user) == 0:
        messages.error(request, _("Configurați mai întâi o metodă de verificare."))
        return redirect("accounts:security")
    request.session[NEW_CODES] = services.recovery_codes_generate(user=request.user)
    return redirect("accounts:recovery_codes")


@login_required
@require_POST
def security_session_end(request: HttpRequest, pk: int) -> HttpResponse:
    if session_services.staff_session_end(user=request.user, session_id=pk, actor=request.user):
        messages.success(request, _("Sesiunea a fost închisă."))
    return redirect("accounts:security")


@login_required
@require_POST
def security_sessions_end_all(request: HttpRequest) -> HttpResponse:
    """Sign out everywhere: every session of the user, this one included."""
    session_services.staff_sessions_end_all(user=request.user, actor=request.user)
    from django.contrib.auth import logout

    logout(request)
    messages.success(request, _("Ați ieșit din cont pe toate dispozitivele."))
    return redirect("accounts:login")
