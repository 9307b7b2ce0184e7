"""The staff inbox and the case page (``/birou/dosare/``), with one POST route per action.

Views read through ``dms.cases.selectors`` and ``dms.permissions`` and write through
``dms.cases.actions``; a refused action (``WorkflowError``) is shown as its message, never as a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from dms import permissions
from dms.cases import actions, forwarding, selectors
from dms.cases.answers import answers_in_order
from dms.cases.forms import (
    MAX_ID,
    AnswerForm,
    AssignForm,
    ClarificationForm,
    ExtendForm,
    FileForm,
    ForwardDepartmentForm,
    ForwardExternalForm,
    InboxFilterForm,
    MessageForm,
    NewVersionForm,
    NoteForm,
    RejectForm,
    RevisionForm,
    StartForm,
    TakeForm,
)
from dms.cases.workflow import WorkflowError, allowed_actions
from dms.models import Case, Department
from ghiseu.accounts.guards import signed_in_user, uat_staff_page
from ghiseu.accounts.models import User
from ghiseu.audit.services import audit_record
from ghiseu.ops.forms import add_service_errors

View = Callable[..., HttpResponseBase]
# Refusals about the case's state, not the form's content: the page is shown again, fresh.
STATE_ERRORS = frozenset({"conflict", "invalid_transition", "not_found", "forbidden"})


staff_only = uat_staff_page(permissions.is_staff)


def case_or_404(request: HttpRequest, pk: int) -> Case:
    case = selectors.case_get_for_staff(user=request.user, pk=pk) if 0 < pk <= MAX_ID else None
    if case is None:
        raise Http404
    return case


# The inbox -----------------------------------------------------------------------------------


@staff_only
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    departments = list(selectors.inbox_departments(user=user))
    form = InboxFilterForm(
        request.GET,
        departments=departments,
        services=selectors.inbox_service_codes(),
    )
    # An invalid filter (a hand-edited link) is dropped, never a 500: the rest still applies.
    form.is_valid()
    data = {name: form.cleaned_data.get(name) for name in form.fields}
    filters = selectors.InboxFilters(
        status=data["status"] or "open",
        department_id=data["department"],
        service_code=data["service"] or "",
        assignee=data["assignee"] or "",
        due=data["due"] or "",
        query=data["q"] or "",
    )
    after = selectors.Cursor.decode(request.GET.get("dupa"))
    page = selectors.inbox_page(user=user, filters=filters, after=after)
    kept: list[tuple[str, str]] = [
        (k, str(v)) for k, v in request.GET.items() if k in form.fields and v
    ]
    next_url = (
        "?" + urlencode([*kept, ("dupa", page.next_cursor.encode())]) if page.next_cursor else ""
    )
    first_url = "?" + urlencode(kept) if kept else "?"
    return render(
        request,
        "dms/cases/inbox.html",
        {
            "form": form,
            "page": page,
            "next_url": next_url,
            "first_url": first_url,
            "filtered": bool(kept),
            "narrowed": any(name != "q" for name, _value in kept),
        },
    )


# The case page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """How the case page offers a transition: its words, its form and the service it calls.
    Whether it is offered, and to whom, is the transition's declaration (``workflow``)."""

    transition: str  # in workflow.TRANSITIONS
    title: Any
    button: Any
    done: Any
    form_class: type[RevisionForm]
    perform: Callable[[HttpRequest, Case, dict[str, Any]], Any]
    multipart: bool = False
    in_details: bool = True


def _assign(request: HttpRequest, case: Case, data: dict[str, Any]) -> Any:
    department_pk, person_pk = data["assignee"]
    department = Department.objects.filter(pk=department_pk).first()
    assignee = User.objects.filter(pk=person_pk).first()
    if department is None or assignee is None:
        raise ValidationError(_("Alegeți o persoană din listă."))
    return actions.case_assign(
        case_id=case.pk,
        user=signed_in_user(request),
        revision=data["revision"],
        assignee=assignee,
        department=department,
    )


def _take(request: HttpRequest, case: Case, data: dict[str, Any]) -> Any:
    user = signed_in_user(request)
    return actions.case_assign(case_id=case.pk, user=user, revision=data["revision"], assignee=user)


def _forward_external(request: HttpRequest, case: Case, data: dict[str, Any]) -> Any:
    return forwarding.case_forward_external(
        case_id=case.pk,
        user=signed_in_user(request),
        revision=data["revision"],
        institution=data["institution"],
        target_uat_slug=data["target_uat"],
        note=data["note"],
    )


def _common(service: Callable[..., Any], **names: str) -> Callable[..., Any]:
    """A service called with the case, the user, the revision and form fields renamed."""

    def perform(request: HttpRequest, case: Case, data: dict[str, Any]) -> Any:
        arguments = {target: data[source] for target, source in names.items()}
        user = signed_in_user(request)
        return service(case_id=case.pk, user=user, revision=data["revision"], **arguments)

    return perform


# The URL segment (and form prefix) of each action the page offers, in the page's order.
ACTIONS: dict[str, Action] = {
    "take": Action(
        transition="take",
        title=gettext_lazy("Preluați cererea"),
        button=gettext_lazy("Preiau cererea"),
        done=gettext_lazy("Ați preluat cererea."),
        form_class=TakeForm,
        perform=_take,
        in_details=False,
    ),
    "start": Action(
        transition="start",
        title=gettext_lazy("Începeți lucrul"),
        button=gettext_lazy("Încep lucrul"),
        done=gettext_lazy("Cererea este în lucru."),
        form_class=StartForm,
        perform=_common(actions.case_start),
        in_details=False,
    ),
    "assign": Action(
        transition="assign",
        title=gettext_lazy("Repartizare"),
        button=gettext_lazy("Repartizează"),
        done=gettext_lazy("Cererea a fost repartizată."),
        form_class=AssignForm,
        perform=_assign,
    ),
    "answer": Action(
        transition="answer",
        title=gettext_lazy("Răspuns"),
        button=gettext_lazy("Trimite răspunsul"),
        done=gettext_lazy("Răspunsul a fost înregistrat și trimis cetățeanului."),
        form_class=AnswerForm,
        perform=_common(actions.case_answer, text="text", upload="document"),
        multipart=True,
    ),
    "clarify": Action(
        transition="request_clarification",
        title=gettext_lazy("Cereți completări"),
        button=gettext_lazy("Trimite cererea de completări"),
        done=gettext_lazy("Cetățeanului i s-au cerut completări."),
        form_class=ClarificationForm,
        perform=_common(actions.case_request_clarification, message="message"),
    ),
    "message": Action(
        transition="message",
        title=gettext_lazy("Mesaj către cetățean"),
        button=gettext_lazy("Trimite mesajul"),
        done=gettext_lazy("Mesajul a fost trimis cetățeanului."),
        form_class=MessageForm,
        perform=_common(actions.case_message, text="text"),
    ),
    "note": Action(
        transition="note",
        title=gettext_lazy("Notă internă"),
        button=gettext_lazy("Adaugă nota"),
        done=gettext_lazy("Nota a fost adăugată."),
        form_class=NoteForm,
        perform=_common(actions.case_note, text="text"),
    ),
    "extend": Action(
        transition="extend",
        title=gettext_lazy("Prelungiți termenul"),
        button=gettext_lazy("Prelungește termenul"),
        done=gettext_lazy("Termenul a fost prelungit."),
        form_class=ExtendForm,
        perform=_common(actions.case_extend, reason="reason"),
    ),
    "forward-department": Action(
        transition="forward_department",
        title=gettext_lazy("Trimiteți altui compartiment"),
        button=gettext_lazy("Trimite"),
        done=gettext_lazy("Cererea a fost trimisă compartimentului ales."),
        form_class=ForwardDepartmentForm,
        perform=_common(actions.case_forward_department, department="department", note="note"),
    ),
    "forward-external": Action(
        transition="forward_external",
        title=gettext_lazy("Redirecționați către altă instituție"),
        button=gettext_lazy("Redirecționează"),
        done=gettext_lazy("Cererea a fost redirecționată, iar cetățeanul a fost anunțat."),
        form_class=ForwardExternalForm,
        perform=_forward_external,
    ),
    "reject": Action(
        transition="reject",
        title=gettext_lazy("Respingeți cererea"),
        button=gettext_lazy("Respinge"),
        done=gettext_lazy("Respingerea a fost înregistrată și trimisă cetățeanului."),
        form_class=RejectForm,
        perform=_common(actions.case_reject, text="text", upload="document"),
        multipart=True,
    ),
    "file": Action(
        transition="file",
        title=gettext_lazy("Clasați fără răspuns"),
        button=gettext_lazy("Clasează"),
        done=gettext_lazy("Cererea a fost clasată."),
        form_class=FileForm,
        perform=_common(actions.case_file, reason="reason"),
    ),
}


def _uat_choices(request: HttpRequest) -> list[tuple[str, str]]:
    from tenants.models import UAT

    current = getattr(request.tenant, "schema_name", "")  # type: ignore[attr-defined]
    return list(
        UAT.objects.filter(status="active")
        .exclude(schema_name=current)
        .order_by("official_name")
        .values_list("slug", "official_name")
    )


def build_form(
    request: HttpRequest, name: str, action: Action, case: Case, *, bound: bool = False
) -> forms.Form:
    extra: dict[str, Any] = {}
    if action.form_class is AssignForm:
        extra["people"] = selectors.case_assignable(user=request.user, case=case)
    elif action.form_class is ForwardDepartmentForm:
        extra["exclude_pk"] = case.department_id
    elif action.form_class is ForwardExternalForm:
        extra["uats"] = _uat_choices(request)
    if bound:
        return action.form_class(request.POST, request.FILES, prefix=name, **extra)
    return action.form_class(prefix=name, initial={"revision": case.revision}, **extra)


def mask_cnp(value: Any) -> str:
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    return "•" * 9 + digits[-4:] if digits else ""


def answers_for_staff(
    answers: Any, labels: Any = None, *, reveal_cnp: bool = False
) -> list[tuple[str, str]]:
    """The citizen's answers as (label, text), in the order and with the labels of the form the
    citizen filled; a CNP shows its last 4 digits only, unless the clerk asked to see it (an
    audited view)."""
    rows = []
    for name, label, value in answers_in_order(answers, labels):
        if str(name).lower() == "cnp":
            rows.append((label, str(value) if reveal_cnp else mask_cnp(value)))
        elif isinstance(value, dict) and "name" not in value:
            rows += [(f"{label} › {sub}", text) for sub, text in answers_for_staff(value)]
        elif isinstance(value, list):
            rows.append((label, ", ".join(_plain(item) for item in value)))
        else:
            rows.append((label, _plain(value)))
    return rows


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        if "name" in value:  # a stored file's description
            return str(value["name"])
        return "; ".join(f"{k}: {text}" for k, text in answers_for_staff(value))
    if isinstance(value, bool):
        return _("da") if value else _("nu")
    return "" if value is None else str(value)


def render_case(
    request: HttpRequest,
    case: Case,
    *,
    bound: forms.Form | None = None,
    bound_name: str = "",
    reveal_cnp: bool = False,
) -> HttpResponse:
    user = request.user
    allowed = allowed_actions(user, case)
    shown = []
    for name, action in ACTIONS.items():
        if action.transition not in allowed:
            continue
        form = bound if name == bound_name and bound is not None else None
        shown.append((name, action, form or build_form(request, name, action, case)))
    may_version = permissions.may_work(user, case)
    chains = selectors.case_documents(case=case)
    version_forms = {
        chain.latest.pk: (
            bound
            if bound_name == f"v{chain.latest.pk}" and bound is not None
            else NewVersionForm(prefix=f"v{chain.latest.pk}", initial={"revision": case.revision})
        )
        for chain in chains
        if may_version and chain.is_staff_document
    }
    events = [(event, event.staff_label) for event in selectors.case_history(case=case)]
    return render(
        request,
        "dms/cases/case.html",
        {
            "case": case,
            "answers": answers_for_staff(case.answers, case.answer_labels, reveal_cnp=reveal_cnp),
            "has_cnp": isinstance(case.answers, dict)
            and any(str(k).lower() == "cnp" for k in case.answers),
            "cnp_revealed": reveal_cnp,
            "may_hold": permissions.may_manage_archive(user),
            "documents": [(chain, version_forms.get(chain.latest.pk)) for chain in chains],
            "events": events,
            "actions": shown,
            "today": timezone.localdate(),
        },
    )


@staff_only
@require_safe
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render_case(request, case_or_404(request, pk))


@staff_only
@require_POST
def case_legal_hold(request: HttpRequest, pk: int) -> HttpResponse:
    from dms.archive.retention import case_legal_hold_set

    case = case_or_404(request, pk)
    if not permissions.may_manage_archive(request.user):
        raise PermissionDenied
    held = case_legal_hold_set(
        case_id=case.pk, user=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(
        request,
        _("Datele personale sunt păstrate până la ridicarea blocării.")
        if held.legal_hold_reason
        else _("Blocarea legală a fost ridicată."),
    )
    return redirect("dms:case", pk=case.pk)


@staff_only
@require_POST
def case_cnp_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The full CNP, on this page only, for someone whose work on the case needs it; every
    view is an audit event (Legea 190/2018 art. 4)."""
    case = case_or_404(request, pk)
    audit_record(
        actor=request.user,
        action="case.cnp_viewed",
        target=case,
        data={"number": case.entry.display_number},
    )
    return render_case(request, case, reveal_cnp=True)


@staff_only
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = case_or_404(request, pk)
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404
    form = build_form(request, action, chosen, case, bound=True)
    if not form.is_valid():
        if "revision" in form.errors:
            return stale(request, case)
        return show_errors(request, case, action, chosen, form)
    try:
        chosen.perform(request, case, form.cleaned_data)
    except WorkflowError as error:
        if error.code in STATE_ERRORS:
            return refused(request, case, error)
        form.add_error(None, error.message)
        return show_errors(request, case_or_404(request, pk), action, chosen, form)
    except ValidationError as error:
        add_service_errors(form, error)
        return show_errors(request, case_or_404(request, pk), action, chosen, form)
    messages.success(request, str(chosen.done))
    if selectors.case_get_for_staff(user=request.user, pk=case.pk) is None:
        return redirect("dms:inbox")  # handed to a department the user does not see
    return redirect_to_case(case)


def show_errors(
    request: HttpRequest, case: Case, name: str, action: Action, form: forms.Form
) -> HttpResponse:
    """The page again with the form and its errors (the text typed is kept); for an action
    the page does not offer now (a forged or outdated POST), the errors as a message."""
    if action.transition in allowed_actions(request.user, case):
        return render_case(request, case, bound=form, bound_name=name)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect_to_case(case)


def redirect_to_case(case: Case) -> HttpResponse:
    return redirect(reverse("dms:case", kwargs={"pk": case.pk}))


def stale(request: HttpRequest, case: Case) -> HttpResponse:
    messages.error(request, _("Formularul nu mai este valabil. Mai jos este starea actuală."))
    return redirect_to_case(case)


def refused(request: HttpRequest, case: Case, error: WorkflowError) -> HttpResponse:
    """A refusal about the case's state: back to the page, which shows it as it is now."""
    message = error.message
    if error.code == "conflict":
        message = f"{message} " + _("Mai jos este starea actuală a cererii.")
    messages.error(request, message)
    if error.code == "not_found":
        return redirect("dms:inbox")
    return redirect_to_case(case)
