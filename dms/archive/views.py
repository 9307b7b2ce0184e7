"""The archive area (``/birou/arhiva/``): files by code and year, the nomenclature, cases to
file, expired files, disposal lists and the selection committee.

Registratura and the UAT administrator manage; heads of department and the members of the
selection committee see (members also decide on lists); other clerks get 403, anonymous
visitors are sent to sign in, and the county site has no archive (404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dms import permissions
from dms.archive import disposal as archive_disposal
from dms.archive import services
from dms.archive.forms import (
    CommitteeMemberForm,
    DecisionForm,
    FileCodeForm,
    FileFilterForm,
    FilingForm,
    ProposeForm,
    YearCloseForm,
)
from dms.models import DisposalStatus, FileCode
from ghiseu.accounts.guards import signed_in_user, uat_staff_page
from ghiseu.accounts.models import Role
from ghiseu.ops.forms import add_service_errors

View = Callable[..., HttpResponse]
PAGE_SIZE = 50


archive_area = uat_staff_page(permissions.may_read_archive)


def _managers(request: HttpRequest) -> None:
    if not permissions.may_manage_archive(request.user):
        raise PermissionDenied


def _context(request: HttpRequest, current: str, **extra: Any) -> dict[str, Any]:
    return {
        "current": current,
        "may_manage": permissions.may_manage_archive(request.user),
        "is_admin": getattr(request.user, "role", None) == Role.UAT_ADMIN,
        **extra,
    }


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))


# --- files -----------------------------------------------------------------------------------


@archive_area
@require_safe
def archive_home(request: HttpRequest) -> HttpResponse:
    filters = FileFilterForm(request.GET or None)
    year, status = None, ""
    if filters.is_valid():
        year, status = filters.cleaned_data["year"], filters.cleaned_data["status"]
    page = _page(request, services.archive_files(year=year, status=status))
    last_year = timezone.localdate().year - 1
    return render(
        request,
        "dms/archive/home.html",
        _context(
            request,
            "files",
            page=page,
            filters=filters,
            summary=services.archive_summary(),
            close_form=YearCloseForm(initial={"year": last_year}, prefix="close"),
            query=_query_without_page(request),
        ),
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


@archive_area
@require_safe
def archive_file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    archive_file = services.archive_file_get(pk=pk)
    if archive_file is None:
        raise Http404
    page = _page(request, services.archive_file_cases(archive_file))
    return render(
        request,
        "dms/archive/file.html",
        _context(
            request,
            "files",
            archive_file=archive_file,
            expires_on=services.archive_file_expires_on(archive_file),
            page=page,
        ),
    )


@archive_area
@require_POST
def archive_year_close(request: HttpRequest) -> HttpResponse:
    _managers(request)
    form = YearCloseForm(request.POST, prefix="close")
    if not form.is_valid():
        for message in form.errors.get("year", []):
            messages.error(request, str(message))
        return redirect("dms:archive")
    year = form.cleaned_data["year"]
    try:
        closed = services.archive_year_close(user=signed_in_user(request), year=year)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(
            request,
            _("Dosare închise pentru anul %(year)s: %(n)s.") % {"year": year, "n": closed},
        )
    return redirect("dms:archive")


# --- cases to file ---------------------------------------------------------------------------


@archive_area
@require_http_methods(["GET", "POST"])
def archive_unfiled(request: HttpRequest) -> HttpResponse:
    unfiled = services.cases_unfiled()
    form = FilingForm(request.POST or None, cases=unfiled)
    if request.method == "POST":
        _managers(request)
        if form.is_valid():
            filed = 0
            for case in form.cleaned_data["cases"]:
                try:
                    services.case_file_manually(
                        user=signed_in_user(request),
                        case_id=case.pk,
                        file_code_id=form.cleaned_data["file_code"].pk,
                    )
                except ValidationError as error:
                    _show_errors(request, error)
                else:
                    filed += 1
            if filed:
                messages.success(request, _("Cereri arhivate: %(n)s.") % {"n": filed})
            return redirect("dms:archive_unfiled")
    return render(
        request,
        "dms/archive/unfiled.html",
        _context(request, "unfiled", page=_page(request, unfiled), form=form),
    )


@archive_area
@require_POST
def archive_file_pending(request: HttpRequest) -> HttpResponse:
    _managers(request)
    filed = services.cases_archive_pending(user=signed_in_user(request))
    messages.success(
        request, _("Cereri arhivate după indicativul din registru: %(n)s.") % {"n": filed}
    )
    return redirect("dms:archive_unfiled")


# --- nomenclature ----------------------------------------------------------------------------


@archive_area
@require_safe
def nomenclature(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dms/archive/nomenclature.html",
        _context(request, "nomenclature", rows=services.nomenclature_rows()),
    )


@archive_area
@require_http_methods(["GET", "POST"])
def file_code_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _managers(request)
    file_code = None
    if pk is not None:
        file_code = FileCode.objects.filter(pk=pk).first()
        if file_code is None:
            raise Http404
    initial = FileCodeForm.initial_for(file_code) if file_code else None
    form = FileCodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.file_code_save(
                user=signed_in_user(request), file_code=file_code, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Indicativul %(code)s a fost salvat.") % {"code": saved.code}
            )
            return redirect("dms:archive_nomenclature")
    return render(
        request,
        "dms/archive/code_form.html",
        _context(
            request,
            "nomenclature",
            form=form,
            file_code=file_code,
            in_use=bool(file_code and services.file_code_in_use(file_code)),
        ),
    )


@archive_area
@require_POST
def file_code_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _managers(request)
    try:
        services.file_code_delete(user=signed_in_user(request), file_code_id=pk)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("Indicativul a fost șters."))
    return redirect("dms:archive_nomenclature")


@archive_area
@require_POST
def nomenclature_defaults(request: HttpRequest) -> HttpResponse:
    _managers(request)
    added = services.nomenclature_defaults_create(user=signed_in_user(request))
    messages.success(request, _("Indicative adăugate din nomenclatorul-tip: %(n)s.") % {"n": added})
    return redirect("dms:archive_nomenclature")


# --- expired files and disposal --------------------------------------------------------------


@archive_area
@require_http_methods(["GET", "POST"])
def archive_expired(request: HttpRequest) -> HttpResponse:
    expired = services.files_expired()
    form = ProposeForm(request.POST or None, files=expired)
    if request.method == "POST":
        _managers(request)
        if form.is_valid():
            try:
                disposal = archive_disposal.disposal_propose(
                    user=signed_in_user(request),
                    file_ids=[f.pk for f in form.cleaned_data["archive_files"]],
                )
            except ValidationError as error:
                _show_errors(request, error)
            else:
                messages.success(
                    request,
                    _("Lista de eliminare a fost întocmită; verificați-o și trimiteți-o comisiei."),
                )
                return redirect("dms:archive_disposal", pk=disposal.pk)
    return render(
        request,
        "dms/archive/expired.html",
        _context(request, "expired", page=_page(request, expired), form=form),
    )


@archive_area
@require_safe
def disposal_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dms/archive/disposals.html",
        _context(request, "disposals", page=_page(request, archive_disposal.disposal_lists())),
    )


def _disposal_or_404(pk: int) -> Any:
    disposal = archive_disposal.disposal_get(pk=pk)
    if disposal is None:
        raise Http404
    return disposal


@archive_area
@require_safe
def disposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _disposal_page(request, _disposal_or_404(pk), DecisionForm())


def _disposal_page(
    request: HttpRequest, disposal: Any, decision_form: DecisionForm, status: int = 200
) -> HttpResponse:
    member = permissions.is_committee_member(request.user)
    return render(
        request,
        "dms/archive/disposal.html",
        _context(
            request,
            "disposals",
            disposal=disposal,
            files=archive_disposal.disposal_files(disposal),
            decision_form=decision_form,
            may_decide=(
                member
                and disposal.status == DisposalStatus.SUBMITTED
                and disposal.proposed_by_id != request.user.pk
            ),
        ),
        status=status,
    )


@archive_area
@require_POST
def disposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    _managers(request)
    try:
        archive_disposal.disposal_submit(user=signed_in_user(request), disposal_id=pk)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("Lista a fost trimisă comisiei de selecționare."))
    return redirect("dms:archive_disposal", pk=pk)


@archive_area
@require_POST
def disposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    disposal = _disposal_or_404(pk)
    if not permissions.is_committee_member(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        try:
            archive_disposal.disposal_decide(
                user=signed_in_user(request), disposal_id=pk, approve=approve, **form.cleaned_data
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                _show_errors(request, error)
                return redirect("dms:archive_disposal", pk=pk)
        else:
            if approve:
                messages.success(request, _("Lista a fost aprobată."))
            else:
                messages.success(request, _("Lista a fost respinsă; dosarele rămân în arhivă."))
            return redirect("dms:archive_disposal", pk=pk)
    return _disposal_page(request, disposal, form, status=400)


@archive_area
@require_POST
def disposal_execute(request: HttpRequest, pk: int) -> HttpResponse:
    _managers(request)
    try:
        archive_disposal.disposal_execute(user=signed_in_user(request), disposal_id=pk)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("Dosarele listei au fost eliminate."))
    return redirect("dms:archive_disposal", pk=pk)


# --- the selection committee -----------------------------------------------------------------


@archive_area
@require_http_methods(["GET", "POST"])
def committee(request: HttpRequest) -> HttpResponse:
    candidates = archive_disposal.committee_candidates()
    form = CommitteeMemberForm(request.POST or None, candidates=candidates)
    if request.method == "POST":
        if getattr(request.user, "role", None) != Role.UAT_ADMIN:
            raise PermissionDenied
        if form.is_valid():
            try:
                archive_disposal.committee_member_add(
                    user=signed_in_user(request), **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Membrul a fost adăugat în comisie."))
                return redirect("dms:archive_committee")
    return render(
        request,
        "dms/archive/committee.html",
        _context(request, "committee", members=archive_disposal.committee_members(), form=form),
    )


@archive_area
@require_POST
def committee_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if getattr(request.user, "role", None) != Role.UAT_ADMIN:
        raise PermissionDenied
    try:
        archive_disposal.committee_member_remove(user=signed_in_user(request), member_id=pk)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("Membrul a fost scos din comisie."))
    return redirect("dms:archive_committee")


# --- personal data retention ----------------------------------------------------------------


@archive_area
@require_http_methods(["GET", "POST"])
def personal_data(request: HttpRequest) -> HttpResponse:
    """How long each service keeps the citizens' personal data after its cases close."""
    from dms.archive import retention

    if request.method == "POST":
        _managers(request)
        raw = request.POST.get("years", "").strip()
        try:
            years = int(raw) if raw else None
        except ValueError:
            messages.error(request, _("Scrieți numărul de ani (sau lăsați gol)."))
        else:
            try:
                retention.retention_rule_set(
                    actor=request.user, service_code=request.POST.get("service", ""), years=years
                )
            except ValidationError as error:
                _show_errors(request, error)
            else:
                messages.success(request, _("Termenul a fost salvat."))
        return redirect("dms:archive_personal_data")
    return render(
        request,
        "dms/archive/personal_data.html",
        _context(request, "personal_data", rows=retention.retention_overview()),
    )
