"""The register at /birou/neconformitati/: the list, an entry with its next step, a new one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dms.departments.selectors import department_names
from ghiseu.accounts.guards import has_role, uat_staff_page
from ghiseu.accounts.models import Role
from ghiseu.ops.forms import add_service_errors

from . import services
from .forms import AssignForm, CheckForm, CloseWithoutActionForm, CorrectForm, ManualForm, PlanForm
from .models import NonconformityState
from .permissions import may_act, may_manage
from .selectors import nonconformities_for, nonconformity_get_for, nonconformity_history

register_page = uat_staff_page(has_role(Role.UAT_ADMIN, Role.HEAD, Role.REGISTRAR, Role.CLERK))
HISTORY_LABELS = {
    "nonconformity.opened": _("deschisă"),
    "nonconformity.assigned": _("responsabil ales"),
    "nonconformity.corrected": _("corecție înregistrată"),
    "nonconformity.action_planned": _("acțiune corectivă planificată"),
    "nonconformity.check_failed": _("verificare: acțiunea nu a fost eficace"),
    "nonconformity.closed": _("închisă"),
}
STATES = {"deschise": _("deschise"), "inchise": _("închise"), "toate": _("toate")}


@register_page
@require_safe
def register(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("stare", "deschise")
    if state not in STATES:
        state = "deschise"
    page = Paginator(nonconformities_for(user=request.user, state=state), 50).get_page(
        request.GET.get("pagina")
    )
    names = department_names()
    for entry in page:
        entry.department_label = names.get(entry.department_id, "—")  # type: ignore[attr-defined]
    return render(
        request,
        "quality/nonconformities/list.html",
        {
            "page": page,
            "state": state,
            "states": STATES,
            "may_manage": may_manage(request.user),
        },
    )


@register_page
@require_http_methods(["GET", "POST"])
def open_manual(request: HttpRequest) -> HttpResponse:
    if not may_manage(request.user):
        raise Http404
    names = department_names()
    form = ManualForm(request.POST or None, departments=sorted(names.items(), key=lambda i: i[1]))
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.nonconformity_open_manual(
                actor=request.user,  # type: ignore[arg-type]
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                department_id=form.cleaned_data["department"],
                owner=form.cleaned_data["owner"],
                case_number=form.cleaned_data["case_number"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Neconformitatea a fost înregistrată."))
            return redirect("nonconformities:detail", pk=entry.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "quality/nonconformities/new.html", {"form": form}, status=status)


def _step_forms(entry: Any, user: Any, data: Any = None, failed: str = "") -> dict[str, forms.Form]:
    """The forms of the steps possible now (the failed one bound, to show its errors)."""
    if not may_act(user, entry):
        return {}
    S = NonconformityState

    def bound(name: str, cls: type[forms.Form]) -> forms.Form:
        return cls(data) if name == failed else cls()

    steps: dict[str, forms.Form] = {}
    if entry.state == S.OPEN:
        steps["correct"] = bound("correct", CorrectForm)
    if entry.state == S.CORRECTED:
        steps["plan"] = bound("plan", PlanForm)
        steps["close"] = bound("close", CloseWithoutActionForm)
    if entry.state == S.ACTION_PLANNED:
        steps["check"] = bound("check", CheckForm)
        steps["plan"] = bound("plan", PlanForm)
    if entry.state != S.CLOSED and may_manage(user):
        steps["assign"] = bound("assign", AssignForm)
    return steps


@register_page
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = nonconformity_get_for(user=request.user, pk=pk)
    if entry is None:
        raise Http404
    return _detail(request, entry, _step_forms(entry, request.user))


def _detail(
    request: HttpRequest, entry: Any, steps: dict[str, forms.Form], status: int = 200
) -> HttpResponse:
    return render(
        request,
        "quality/nonconformities/detail.html",
        {
            "entry": entry,
            "steps": steps,
            "department": department_names().get(entry.department_id, ""),
            "history": [
                (event, HISTORY_LABELS.get(event.action, event.action))
                for event in nonconformity_history(entry)[:100]
            ],
        },
        status=status,
    )


_STEPS: dict[str, tuple[type[forms.Form], Callable[..., Any], str]] = {
    "correct": (
        CorrectForm,
        lambda data, **kw: services.nonconformity_correct(correction=data["correction"], **kw),
        _("Corecția a fost înregistrată."),
    ),
    "plan": (
        PlanForm,
        lambda data, **kw: services.nonconformity_plan_action(
            root_cause=data["root_cause"], action=data["action"], due=data["due"], **kw
        ),
        _("Acțiunea corectivă a fost planificată."),
    ),
    "check": (
        CheckForm,
        lambda data, **kw: services.nonconformity_check(
            effective=data["effective"], note=data["note"], **kw
        ),
        _("Verificarea eficacității a fost înregistrată."),
    ),
    "close": (
        CloseWithoutActionForm,
        lambda data, **kw: services.nonconformity_close_without_action(
            root_cause=data["root_cause"], reason=data["reason"], **kw
        ),
        _("Neconformitatea a fost închisă."),
    ),
    "assign": (
        AssignForm,
        lambda data, **kw: services.nonconformity_assign(owner=data["owner"], **kw),
        _("Responsabilul a fost ales."),
    ),
}


@register_page
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    entry = nonconformity_get_for(user=request.user, pk=pk)
    if entry is None or name not in _STEPS:
        raise Http404
    form_class, run, done = _STEPS[name]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(form.cleaned_data, actor=request.user, nonconformity_id=entry.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("nonconformities:detail", pk=entry.pk)
    steps = _step_forms(entry, request.user, request.POST, failed=name)
    steps[name] = form
    return _detail(request, entry, steps, status=400)
