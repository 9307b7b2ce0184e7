"""The MOL's staff pages (/birou/mol/): the registers, registering an act, its page with the
prefect term, publication, annexes and links. Only the secretary and administrators enter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ghiseu.ops.forms import add_service_errors
from website.pagination import keyset_page
from website.permissions import site_editors_only
from website.registers import register_next_number
from website.serving import file_response

from . import selectors, services
from .forms import (
    ActEditForm,
    ActRegisterForm,
    AnnexForm,
    CommunicateForm,
    RelationForm,
    filters_from,
)
from .models import Act, Section
from .prefect import act_prefect_state
from .views import PAGE_SIZE, STATUS_LABELS

MAX_ID = 2**62


def _act_or_404(act_id: int) -> Act:
    act = selectors.mol_staff_act(act_id=act_id) if 0 < act_id <= MAX_ID else None
    if act is None:
        raise Http404
    return act


@site_editors_only
@require_safe
def acts_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = filters_from(request.GET, staff=True)
    acts = selectors.mol_staff_acts(filters=filters, today=today)
    page = keyset_page(acts, keys=selectors.ACT_ORDER, params=request.GET, size=PAGE_SIZE * 2)
    rows = [(act, act_prefect_state(act, today=today)) for act in page.rows]
    return render(
        request,
        "website/staff/acts.html",
        {
            "rows": rows,
            "page": page,
            "filters": filters,
            "sections": Section.choices,
            "years": selectors.mol_years(published_only=False),
            "statuses": STATUS_LABELS,
            "overdue": selectors.mol_staff_acts(
                filters=filters_from({"prefect": "overdue"}, staff=True), today=today
            ).count(),
        },
    )


@site_editors_only
@require_http_methods(["GET", "POST"])
def act_new(request: HttpRequest) -> HttpResponse:
    section = request.GET.get("sectiune", "")
    initial = {"section": section if section in Section.values else Section.DECISIONS}
    form = ActRegisterForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            act = services.act_register(
                user=request.user,
                data=services.ActData(
                    section=data["section"],
                    title=data["title"],
                    kind=data["kind"],
                    adopted_on=data["adopted_on"],
                    pdf=data["pdf"],
                    number=data["number"],
                    in_force_on=data["in_force_on"],
                    publish=data["publish"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(act)s a fost înregistrat(ă).") % {"act": act})
            return redirect("mol_staff:act", act_id=act.pk)
    year = timezone.localdate().year
    next_numbers = [
        (label, register_next_number(register=value, year=year)) for value, label in Section.choices
    ]
    return render(
        request,
        "website/staff/act_new.html",
        {"form": form, "next_numbers": next_numbers, "year": year},
        status=400 if form.is_bound else 200,
    )


def _render_act(
    request: HttpRequest, act: Act, *, bound: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    forms_by_name: dict[str, forms.Form] = {
        "edit": ActEditForm(
            initial={"title": act.title, "kind": act.kind, "in_force_on": act.in_force_on}
        ),
        "communicate": CommunicateForm(initial={"communicated_on": timezone.localdate()}),
        "annex": AnnexForm(),
        "relation": RelationForm(initial={"target_section": act.section}),
    }
    if bound is not None:
        forms_by_name[getattr(bound, "name", "")] = bound
    today = timezone.localdate()
    return render(
        request,
        "website/staff/act.html",
        {
            "act": act,
            "main_file": selectors.act_main_file(act),
            "annexes": selectors.act_annexes(act),
            "prefect": act_prefect_state(act, today=today),
            "forms": forms_by_name,
        },
        status=status,
    )


@site_editors_only
@require_safe
def act_detail(request: HttpRequest, act_id: int) -> HttpResponse:
    return _render_act(request, _act_or_404(act_id))


def _act_action(
    request: HttpRequest,
    act_id: int,
    form_class: type[forms.Form],
    name: str,
    action: Callable[[Act, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    act = _act_or_404(act_id)
    form = form_class(request.POST, request.FILES)
    form.name = name  # type: ignore[attr-defined]  # read back by _render_act
    if form.is_valid():
        try:
            action(act, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("mol_staff:act", act_id=act.pk)
    return _render_act(request, _act_or_404(act_id), bound=form, status=400)


@site_editors_only
@require_POST
def act_edit(request: HttpRequest, act_id: int) -> HttpResponse:
    return _act_action(
        request,
        act_id,
        ActEditForm,
        "edit",
        lambda act, data: services.act_update(user=request.user, act_id=act.pk, **data),
        _("Modificările au fost salvate."),
    )


@site_editors_only
@require_POST
def act_communicate(request: HttpRequest, act_id: int) -> HttpResponse:
    return _act_action(
        request,
        act_id,
        CommunicateForm,
        "communicate",
        lambda act, data: services.act_communicate(user=request.user, act_id=act.pk, **data),
        _("Data comunicării către prefect a fost înregistrată."),
    )


@site_editors_only
@require_POST
def act_annex(request: HttpRequest, act_id: int) -> HttpResponse:
    return _act_action(
        request,
        act_id,
        AnnexForm,
        "annex",
        lambda act, data: services.act_annex_add(user=request.user, act_id=act.pk, **data),
        _("Anexa a fost adăugată."),
    )


@site_editors_only
@require_POST
def act_link(request: HttpRequest, act_id: int) -> HttpResponse:
    return _act_action(
        request,
        act_id,
        RelationForm,
        "relation",
        lambda act, data: services.act_relation_add(user=request.user, act_id=act.pk, **data),
        _("Legătura a fost înregistrată."),
    )


@site_editors_only
@require_POST
def act_publication(request: HttpRequest, act_id: int) -> HttpResponse:
    act = _act_or_404(act_id)
    if request.POST.get("publish") == "1":
        services.act_publish(user=request.user, act_id=act.pk)
        messages.success(request, _("Actul a fost publicat în Monitorul Oficial Local."))
    else:
        services.act_unpublish(user=request.user, act_id=act.pk)
        messages.success(request, _("Actul a fost retras de pe site; numărul rămâne în registru."))
    return redirect("mol_staff:act", act_id=act.pk)


@site_editors_only
@require_safe
def act_file(request: HttpRequest, act_id: int, file_id: int) -> HttpResponseBase:
    act = _act_or_404(act_id)
    stored = selectors.mol_public_file(act=act, file_id=file_id)
    if stored is None:
        raise Http404
    return file_response(
        storage_key=stored.storage_key,
        name=stored.name,
        content_type="application/pdf",
        public=False,
    )
