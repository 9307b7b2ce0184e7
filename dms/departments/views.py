"""The UAT administrator's pages: departments, who works in them, and staff roles.

Each change is one POST to its own address, handled by one service; a refusal re-renders the
page with the reason next to the form that caused it, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dms.departments import services
from dms.departments.forms import DepartmentHeadForm, DepartmentNameForm, MemberAddForm, RoleForm
from dms.models import Department
from ghiseu.accounts.guards import signed_in_user, uat_admin_only
from ghiseu.accounts.services import staff_set_role
from ghiseu.ops.forms import add_service_errors

View = Callable[..., HttpResponse]


def _department(pk: int) -> Department:
    department = services.department_get(pk=pk)
    if department is None:
        raise Http404
    return department


@uat_admin_only
@require_http_methods(["GET", "POST"])
def department_list(request: HttpRequest) -> HttpResponse:
    form = DepartmentNameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            department = services.department_create(
                actor=signed_in_user(request), name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Compartimentul „%(name)s” a fost creat. Numiți-i șeful și membrii.")
                % {"name": department.name},
            )
            return redirect("dms:department", pk=department.pk)
    rows = list(services.department_rows())
    return render(request, "dms/departments/list.html", {"rows": rows, "form": form})


def _detail(
    request: HttpRequest,
    department: Department,
    *,
    name_form: DepartmentNameForm | None = None,
    head_form: DepartmentHeadForm | None = None,
    member_form: MemberAddForm | None = None,
    members_error: list[str] | None = None,
    status_error: list[str] | None = None,
) -> HttpResponse:
    context = {
        "department": department,
        "members": list(services.department_members(department=department)),
        "name_form": name_form or DepartmentNameForm(initial={"name": department.name}),
        "head_form": head_form or DepartmentHeadForm(department=department),
        "member_form": member_form or MemberAddForm(department=department),
        "members_error": members_error or [],
        "status_error": status_error or [],
    }
    return render(request, "dms/departments/detail.html", context)


@uat_admin_only
@require_safe
def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _department(pk))


@uat_admin_only
@require_POST
def department_rename(request: HttpRequest, pk: int) -> HttpResponse:
    department = _department(pk)
    form = DepartmentNameForm(request.POST)
    if form.is_valid():
        try:
            renamed = services.department_rename(
                actor=signed_in_user(request),
                department_id=department.pk,
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Compartimentul se numește acum „%(name)s”.") % {"name": renamed.name}
            )
            return redirect("dms:department", pk=department.pk)
    return _detail(request, department, name_form=form)


@uat_admin_only
@require_POST
def department_head(request: HttpRequest, pk: int) -> HttpResponse:
    department = _department(pk)
    form = DepartmentHeadForm(request.POST, department=department)
    if form.is_valid():
        head = form.cleaned_data["head"]
        try:
            services.department_set_head(
                actor=signed_in_user(request),
                department_id=department.pk,
                head_id=head.pk if head is not None else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Șeful compartimentului a fost schimbat."))
            return redirect("dms:department", pk=department.pk)
    return _detail(request, department, head_form=form)


@uat_admin_only
@require_POST
def department_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    department = _department(pk)
    form = MemberAddForm(request.POST, department=department)
    if form.is_valid():
        user = form.cleaned_data["user"]
        try:
            services.department_member_add(
                actor=signed_in_user(request), department_id=department.pk, user_id=user.pk
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s lucrează acum în compartimentul „%(department)s”.")
                % {"name": str(user), "department": department.name},
            )
            return redirect("dms:department", pk=department.pk)
    return _detail(request, department, member_form=form)


@uat_admin_only
@require_POST
def department_member_remove(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    department = _department(pk)
    try:
        services.department_member_remove(
            actor=signed_in_user(request), department_id=department.pk, user_id=user_id
        )
    except ValidationError as error:
        return _detail(request, department, members_error=list(error.messages))
    messages.success(request, _("Membrul a fost scos din compartiment."))
    return redirect("dms:department", pk=department.pk)


@uat_admin_only
@require_POST
def department_status(request: HttpRequest, pk: int) -> HttpResponse:
    department = _department(pk)
    activate = request.POST.get("active") == "1"
    try:
        if activate:
            services.department_reactivate(
                actor=signed_in_user(request), department_id=department.pk
            )
        else:
            services.department_deactivate(
                actor=signed_in_user(request), department_id=department.pk
            )
    except ValidationError as error:
        return _detail(request, department, status_error=list(error.messages))
    if activate:
        messages.success(request, _("Compartimentul a fost reactivat."))
    else:
        messages.success(request, _("Compartimentul a fost dezactivat."))
    return redirect("dms:department", pk=department.pk)


def _staff_page(
    request: HttpRequest, *, bound: RoleForm | None = None, bound_user_id: int | None = None
) -> HttpResponse:
    rows = []
    for member in services.staff_rows():
        if bound is not None and member.pk == bound_user_id:
            form = bound
        else:
            form = RoleForm(prefix=f"u{member.pk}", initial={"role": member.role})
        rows.append({"user": member, "form": form, "is_self": member.pk == request.user.pk})
    return render(request, "dms/departments/staff.html", {"rows": rows})


@uat_admin_only
@require_safe
def staff_list(request: HttpRequest) -> HttpResponse:
    return _staff_page(request)


@uat_admin_only
@require_POST
def staff_role(request: HttpRequest, user_id: int) -> HttpResponse:
    member = services.staff_get(pk=user_id)
    if member is None:
        raise Http404
    form = RoleForm(request.POST, prefix=f"u{member.pk}")
    if form.is_valid():
        try:
            changed = staff_set_role(
                actor=signed_in_user(request), user_id=member.pk, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s are acum rolul %(role)s.")
                % {"name": str(changed), "role": changed.get_role_display()},
            )
            return redirect("dms:department_staff")
    return _staff_page(request, bound=form, bound_user_id=member.pk)
