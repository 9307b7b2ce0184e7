"""The citizen portal of a UAT: its services, searchable, and a page for each."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from citizens.eid.providers import eid_provider
from citizens.session import signed_in_citizen

from . import selectors, submission
from .drafts.resume import draft_held, draft_release
from .drafts.services import draft_discard, draft_link_send, draft_save
from .dynamic_forms import ServiceForm, kept_names
from .filing import Finished, filing_finish

MAX_QUERY = 100


@require_safe
def portal_home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY]
    category = request.GET.get("categorie", "")[:50]
    offerings = list(selectors.portal_offerings(query=query, category=category))
    return render(
        request,
        "services_catalog/home.html",
        {
            "offerings": offerings,
            "query": query,
            "category": category,
            "categories": selectors.portal_categories(),
        },
    )


@require_safe
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    offering = selectors.portal_offering(code=code)
    if offering is None:
        raise Http404
    return render(
        request,
        "services_catalog/service.html",
        {"offering": offering, "service": offering.service},
    )


def _current_version(offering: Any) -> Any:
    return offering.service.versions.filter(retired_at__isnull=True).order_by("-number").first()


def _identity_answers(signed_in: Any) -> tuple[dict[str, str], str]:
    """What the e-ID fills and locks (CNP, name, address), and where it came from."""
    if signed_in is None:
        return {}, ""
    citizen = signed_in.citizen
    provider = eid_provider(signed_in.provider)
    locked = {"full_name": citizen.full_name, "cnp": citizen.cnp or "", "address": citizen.address}
    return locked, provider.label if provider else signed_in.provider


@require_http_methods(["GET", "POST"])
def service_apply(request: HttpRequest, code: str) -> HttpResponse:
    offering = selectors.portal_offering(code=code)
    version = _current_version(offering) if offering else None
    if offering is None or version is None:
        raise Http404
    schema = [*version.form_schema, *offering.extra_fields]
    signed_in = signed_in_citizen(request)
    locked, source = _identity_answers(signed_in)
    draft = draft_held(request.session, service_code=code)
    kept = submission.answered_files(draft.answers) if draft else {}
    initial: dict[str, Any] = {"version": version.number}
    if signed_in is not None:
        initial.update(email=signed_in.citizen.kept_email, phone=signed_in.citizen.kept_phone)
    if draft is not None:
        initial.update(ServiceForm.initial_from(draft.answers))
    pending = submission.pending_get(request.session, service_code=code)
    if pending is not None:
        # "Change the data" on the review page: the form comes back as the citizen filled it.
        initial.update(ServiceForm.initial_from(pending.answers))
        kept.update(submission.answered_files(pending.answers))
    kept.update(submission.kept_files_get(request.session, service_code=code))
    saving = request.method == "POST" and "ciorna" in request.POST
    form = ServiceForm(
        request.POST or None,
        request.FILES or None,
        schema=[{**spec, "required": False} for spec in schema] if saving else schema,
        initial=initial,
        locked=locked,
        locked_source=source,
        kept=kept,
    )
    if saving:
        return _save_draft(request, offering, version, form, signed_in, draft)
    if request.method == "POST" and not form.is_valid():
        form.keep(form.files_to_keep())
        submission.kept_files_set(request.session, service_code=code, files=form.kept)
    elif request.method == "POST":
        if form.cleaned_data["version"] != version.number:
            # The county published a new form while the citizen was filling the old one.
            messages.warning(
                request,
                _(
                    "Formularul a fost actualizat între timp. Verificați "
                    "datele și trimiteți din nou."
                ),
            )
            answers = form.answers()
            kept = submission.answered_files(answers)
            submission.kept_files_set(request.session, service_code=code, files=kept)
            form = ServiceForm(
                None,
                schema=schema,
                initial={**ServiceForm.initial_from(answers), "version": version.number},
                locked=locked,
                locked_source=source,
                kept=kept,
            )
        else:
            answers = form.answers()
            if not answers.get("email"):
                # A catalog form without an e-mail field cannot prove an address: say so
                # instead of failing (the county fixes the form in the console).
                messages.error(
                    request,
                    _(
                        "Acest formular nu cere o adresă de e-mail, deci nu "
                        "poate fi depus online. Contactați instituția."
                    ),
                )
                return redirect("portal:service", code=code)
            refused = (
                ""
                if signed_in is not None
                else submission.code_request_refused(
                    email=answers["email"], client_ip=get_client_ip_address(request) or ""
                )
            )
            if refused:
                form.add_error(None, refused)
                submission.kept_files_set(
                    request.session, service_code=code, files=submission.answered_files(answers)
                )
                return _apply_page(request, offering, form, status=429)
            submission.pending_start(
                request.session,
                service_code=code,
                service_title=offering.service.title,
                version=version.number,
                answers=answers,
                email=answers["email"],
                language=translation.get_language() or "ro",
                signed_in=signed_in,
            )
            if draft is not None:
                draft_release(request.session)
                draft_discard(draft=draft)
            return redirect("portal:confirm", code=code)
    return _apply_page(request, offering, form)


def _apply_page(
    request: HttpRequest, offering: Any, form: ServiceForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "services_catalog/apply.html",
        {
            "offering": offering,
            "service": offering.service,
            "form": form,
            "fee": submission.offering_fee(offering),
            "signed_in": signed_in_citizen(request),
        },
        status=status,
    )


def _save_draft(
    request: HttpRequest, offering: Any, version: Any, form: ServiceForm, signed_in: Any, draft: Any
) -> HttpResponse:
    """Save what is filled so far: in the account when signed in, else behind a single-use
    link sent to the e-mail address the form gives."""
    if not form.is_valid():
        return _apply_page(request, offering, form, status=400)
    answers = form.answers()
    email = str(answers.get("email", ""))
    if signed_in is None and not email:
        form.add_error(
            "email" if "email" in form.fields else None,
            _("Scrieți adresa de e-mail la care vă trimitem legătura către cererea salvată."),
        )
        return _apply_page(request, offering, form, status=400)
    saved = draft_save(
        service_code=offering.service.code,
        version=version.number,
        answers=answers,
        citizen_ref=signed_in.citizen.pk if signed_in else None,
        email=email,
        draft=draft,
    )
    draft_release(request.session)
    if signed_in is not None:
        messages.success(
            request, _("Am salvat cererea în contul dvs. O găsiți la „Cereri începute”.")
        )
        return redirect("drafts:mine")
    link = request.build_absolute_uri(reverse("drafts:resume", kwargs={"token": "TOKEN"}))
    draft_link_send(
        draft=saved,
        link_template=link.replace("TOKEN", "{token}"),
        service_title=offering.service.title,
        language=translation.get_language() or "ro",
    )
    messages.success(
        request,
        _("Am trimis la %(email)s o legătură către cererea salvată; o păstrăm %(days)s zile.")
        % {"email": email, "days": settings.DRAFTS_KEEP_DAYS},
    )
    return redirect("portal:service", code=offering.service.code)


@require_http_methods(["GET", "POST"])
def service_confirm(request: HttpRequest, code: str) -> HttpResponse:
    offering = selectors.portal_offering(code=code)
    if offering is None:
        raise Http404
    pending = submission.pending_get(request.session, service_code=code)
    if pending is None:
        messages.info(request, _("Completați formularul pentru a trimite cererea."))
        return redirect("portal:apply", code=code)
    error = ""
    if request.method == "POST":
        error = (
            ""
            if pending.proven_by_eid
            else submission.pending_check_code(
                request.session, pending, request.POST.get("cod", "")[:20]
            )
        )
        if not error:
            finished = _register(request, offering, pending)
            submission.pending_clear(request.session)
            if finished.case is None:
                return redirect("portal:held", key=finished.held_key)
            return redirect("portal:case", token=finished.case.tracking_token)
        if submission.pending_get(request.session, service_code=code) is None:
            messages.error(request, error)
            return redirect("portal:apply", code=code)
    labels = {spec["name"]: spec for spec in _current_schema(offering)}
    review = [
        (labels[name]["label"], kept_names(value) if isinstance(value, list) else value)
        for name, value in pending.answers.items()
        if name in labels
    ]
    return render(
        request,
        "services_catalog/confirm.html",
        {
            "offering": offering,
            "service": offering.service,
            "pending": pending,
            "review": review,
            "error": error,
            "fee": submission.offering_fee(offering),
            "problems": [(error, "cod")] if error else [],
        },
    )


def _current_schema(offering: Any) -> list[dict[str, Any]]:
    version = _current_version(offering)
    return [*(version.form_schema if version else []), *offering.extra_fields]


def _register(request: HttpRequest, offering: Any, pending: submission.Pending) -> Finished:
    # Built on a placeholder, replaced after: build_absolute_uri would percent-encode braces.
    tracking_url = request.build_absolute_uri(reverse("portal:case", kwargs={"token": "TOKEN"}))
    return filing_finish(
        pending=pending,
        offering=offering,
        tracking_url_template=tracking_url.replace("TOKEN", "{token}"),
        language=translation.get_language() or "ro",
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement and feedback route every portal publishes (OUG 112/2018)."""
    return render(request, "services_catalog/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """What is kept, why, how long and whom to ask (GDPR)."""
    return render(request, "services_catalog/privacy.html")
