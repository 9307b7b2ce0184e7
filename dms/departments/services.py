"""A UAT's departments and who works in them: reads (selectors) and writes (services).

Departments decide which cases a head or a clerk sees (``dms.permissions``), so every write here
changes someone's view of the cases: each is one transaction with its audit event, checks the
acting UAT administrator, and refuses (changing nothing) what would leave a case without
anyone who sees it: deactivating a department with open cases, or taking a clerk or a head
out of the department where open cases are assigned to them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dms import permissions
from dms.departments.defaults import department_default_names
from dms.models import CLOSED_STATUSES, Case, Department
from dms.permissions import SEES_ALL
from ghiseu.accounts.models import STAFF_ROLES, Role, User
from ghiseu.audit.services import audit_record

NAME_MAX_LENGTH = 120
HEAD_ROLES = frozenset({Role.HEAD, Role.UAT_ADMIN})
MEMBER_ROLES = frozenset({Role.CLERK, Role.HEAD})


# --- selectors ---------------------------------------------------------------------------


def _open_cases() -> Q:
    return ~Q(cases__status__in=CLOSED_STATUSES)


def department_rows() -> QuerySet[Department]:
    """Every department with its head, member count and open case count, in one query."""
    return (
        Department.objects.select_related("head")
        .annotate(
            member_count=Count("members", distinct=True),
            open_case_count=Count("cases", filter=_open_cases(), distinct=True),
        )
        .order_by("-is_active", "name")
    )


def department_get(*, pk: int) -> Department | None:
    return department_rows().filter(pk=pk).first()


def department_members(*, department: Department) -> QuerySet[User]:
    return department.members.order_by("full_name", "email")


def head_candidates() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=HEAD_ROLES).order_by("full_name", "email")


def member_candidates(*, department: Department) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role__in=MEMBER_ROLES)
        .exclude(departments=department)
        .order_by("full_name", "email")
    )


def staff_rows() -> QuerySet[User]:
    """Every staff account with the departments it works in and heads (three queries)."""
    return (
        User.objects.filter(role__in=STAFF_ROLES)
        .prefetch_related("departments", "headed_departments")
        .order_by("-is_active", "full_name", "email")
    )


def staff_get(*, pk: int) -> User | None:
    return User.objects.filter(pk=pk, role__in=STAFF_ROLES).first()


# --- services ----------------------------------------------------------------------------


def _require_admin(actor: User | None) -> None:
    """The acting user must be a UAT administrator; None is the system (onboarding, seed)."""
    if actor is None:
        return
    if not permissions.is_uat_admin(actor):
        raise PermissionDenied


def _clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationError({"name": _("Scrieți denumirea compartimentului.")}, code="required")
    if len(cleaned) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Denumirea are cel mult %(max)d caractere.") % {"max": NAME_MAX_LENGTH}},
            code="too_long",
        )
    return cleaned


def _duplicate(name: str) -> ValidationError:
    return ValidationError(
        {"name": _("Există deja un compartiment numit „%(name)s”.") % {"name": name}},
        code="duplicate",
    )


def _check_name_free(name: str, *, exclude_pk: int | None = None) -> None:
    # Requests are routed by name without regard to case: two names differing only in case
    # would be one department to the router.
    clashes = Department.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    clash = clashes.first()
    if clash is not None:
        raise _duplicate(clash.name)


def _locked(department_id: int) -> Department:
    department = Department.objects.select_for_update().filter(pk=department_id).first()
    if department is None:
        raise ValidationError(_("Compartimentul nu există."), code="not_found")
    return department


def _open_cases_assigned(*, department: Department, user: User) -> int:
    return (
        Case.objects.filter(department=department, assignee=user)
        .exclude(status__in=CLOSED_STATUSES)
        .count()
    )


def _refuse_if_assigned(*, department: Department, user: User) -> None:
    """Taking someone out of a department hides its cases from them: not while they hold
    open ones there."""
    count = _open_cases_assigned(department=department, user=user)
    if count:
        raise ValidationError(
            ngettext(
                "%(name)s are %(count)d dosar deschis repartizat în acest compartiment; "
                "repartizați-l altcuiva înainte, altfel nu l-ar mai vedea.",
                "%(name)s are %(count)d dosare deschise repartizate în acest compartiment; "
                "repartizați-le altcuiva înainte, altfel nu le-ar mai vedea.",
                count,
            )
            % {"name": str(user), "count": count},
            code="has_assigned_cases",
        )


def _refuse_if_stranded(user: User) -> None:
    """A registrar or an administrator who becomes a clerk or a head sees only their own
    departments' cases: not while open cases of other departments are assigned to them."""
    own = Department.objects.filter(Q(members=user) | Q(head=user)).values("pk")
    count = (
        Case.objects.filter(assignee=user)
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(department__in=own)
        .count()
    )
    if count:
        raise ValidationError(
            ngettext(
                "%(name)s are %(count)d dosar deschis repartizat din afara compartimentelor "
                "sale; repartizați-l altcuiva sau adăugați-l în compartimentul respectiv "
                "înainte, altfel nu l-ar mai vedea.",
                "%(name)s are %(count)d dosare deschise repartizate din afara "
                "compartimentelor sale; repartizați-le altcuiva sau adăugați-l în "
                "compartimentele respective înainte, altfel nu le-ar mai vedea.",
                count,
            )
            % {"name": str(user), "count": count},
            code="has_assigned_cases",
        )


@transaction.atomic
def departments_defaults_create(*, uat_kind: str, actor: User | None = None) -> int:
    """Create the usual compartments of this kind of UAT, in a UAT that has none yet.

    Idempotent, and respectful of the UAT's own organisation: once any department exists
    (the defaults, or the UAT's own), nothing is created, so a department the UAT renamed or
    deactivated never comes back under its old name. Returns how many were created."""
    _require_admin(actor)
    # Serialise two concurrent runs (a seed and an onboarding): the second finds the first's.
    tenant_lock = "dms.departments_defaults"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(current_schema() || %s))", [tenant_lock]
        )
    if Department.objects.exists():
        return 0
    for name in department_default_names(uat_kind=uat_kind):
        department = Department.objects.create(name=name)
        audit_record(
            actor=actor, action="department.created", target=department, data={"name": name}
        )
    return len(department_default_names(uat_kind=uat_kind))


def departments_defaults_create_on_onboarding(sender: Any, uat: Any, **kwargs: Any) -> None:
    """Receiver of ``tenants.signals.uat_onboarded`` (sent inside the new UAT's schema)."""
    departments_defaults_create(uat_kind=uat.kind)


@transaction.atomic
def department_create(*, actor: User | None, name: str) -> Department:
    _require_admin(actor)
    name = _clean_name(name)
    _check_name_free(name)
    try:
        with transaction.atomic():
            department = Department.objects.create(name=name)
    except IntegrityError:  # the same name created at the same moment (a double click)
        raise _duplicate(name) from None
    audit_record(actor=actor, action="department.created", target=department, data={"name": name})
    return department


@transaction.atomic
def department_rename(*, actor: User | None, department_id: int, name: str) -> Department:
    _require_admin(actor)
    department = _locked(department_id)
    name = _clean_name(name)
    old_name = department.name
    if name == old_name:
        return department
    _check_name_free(name, exclude_pk=department.pk)
    department.name = name
    try:
        with transaction.atomic():
            department.save(update_fields=["name"])
    except IntegrityError:
        raise _duplicate(name) from None
    audit_record(
        actor=actor,
        action="department.renamed",
        target=department,
        data={"name": {"from": old_name, "to": name}},
    )
    return department


@transaction.atomic
def department_deactivate(*, actor: User | None, department_id: int) -> Department:
    """A deactivated department receives no new requests (they reach the registry, to be
    dispatched); its members and head are kept, so reactivating it restores everything."""
    _require_admin(actor)
    department = _locked(department_id)
    if not department.is_active:
        return department
    # Under the row lock: a case being registered into the department holds a key-share lock
    # on it, so it is either counted here or sees the department inactive.
    open_cases = department.cases.exclude(status__in=CLOSED_STATUSES).count()
    if open_cases:
        raise ValidationError(
            ngettext(
                "Compartimentul are %(count)d dosar deschis. Soluționați-l sau "
                "redirecționați-l către alt compartiment înainte de dezactivare, ca să nu "
                "rămână fără cineva care să-l vadă.",
                "Compartimentul are %(count)d dosare deschise. Soluționați-le sau "
                "redirecționați-le către alt compartiment înainte de dezactivare, ca să nu "
                "rămână fără cineva care să le vadă.",
                open_cases,
            )
            % {"count": open_cases},
            code="has_open_cases",
        )
    department.is_active = False
    department.save(update_fields=["is_active"])
    audit_record(actor=actor, action="department.deactivated", target=department)
    return department


@transaction.atomic
def department_reactivate(*, actor: User | None, department_id: int) -> Department:
    _require_admin(actor)
    department = _locked(department_id)
    if department.is_active:
        return department
    department.is_active = True
    department.save(update_fields=["is_active"])
    audit_record(actor=actor, action="department.reactivated", target=department)
    return department


def _locked_user(user_id: int | None, *, roles: frozenset[str], field: str) -> User:
    user = (
        User.objects.select_for_update().filter(pk=user_id, is_active=True, role__in=roles).first()
        if user_id is not None
        else None
    )
    if user is None:
        message = (
            _("Alegeți un șef de compartiment sau un administrator al instituției.")
            if field == "head"
            else _("Alegeți un funcționar sau un șef de compartiment al instituției.")
        )
        raise ValidationError({field: message}, code="invalid_user")
    return user


@transaction.atomic
def department_set_head(
    *, actor: User | None, department_id: int, head_id: int | None
) -> Department:
    """Set (or, with None, clear) the head, who gets the escalations of overdue cases."""
    _require_admin(actor)
    department = _locked(department_id)
    head = None if head_id is None else _locked_user(head_id, roles=HEAD_ROLES, field="head")
    if (head.pk if head else None) == department.head_id:
        return department
    previous = department.head
    if previous is not None and not department.members.filter(pk=previous.pk).exists():
        _refuse_if_assigned(department=department, user=previous)
    department.head = head
    department.save(update_fields=["head"])
    audit_record(
        actor=actor,
        action="department.head_set",
        target=department,
        data={
            "head": {
                "from": previous.email if previous else None,
                "to": head.email if head else None,
            }
        },
    )
    return department


@transaction.atomic
def department_member_add(
    *, actor: User | None, department_id: int, user_id: int | None
) -> Department:
    _require_admin(actor)
    department = _locked(department_id)
    user = _locked_user(user_id, roles=MEMBER_ROLES, field="user")
    if department.members.filter(pk=user.pk).exists():
        return department
    department.members.add(user)
    audit_record(
        actor=actor,
        action="department.member_added",
        target=department,
        data={"user": user.email},
    )
    return department


@transaction.atomic
def department_member_remove(*, actor: User | None, department_id: int, user_id: int) -> Department:
    _require_admin(actor)
    department = _locked(department_id)
    user = department.members.filter(pk=user_id).first()
    if user is None:
        # A stale page or a hand-made request: say so rather than report a removal that
        # did not happen.
        raise ValidationError(
            _("Această persoană nu (mai) lucrează în compartimentul „%(department)s”.")
            % {"department": department.name},
            code="not_a_member",
        )
    if department.head_id != user.pk:
        _refuse_if_assigned(department=department, user=user)
    department.members.remove(user)
    audit_record(
        actor=actor,
        action="department.member_removed",
        target=department,
        data={"user": user.email},
    )
    return department


def role_change_check(*, user: User, old_role: str, new_role: str) -> None:
    """What the departments say against a role change (registered with the accounts' role
    change): a department's head stays a head or an administrator, and a registrar or an
    administrator who stops seeing every case keeps seeing the open cases assigned to them."""
    if new_role not in HEAD_ROLES:
        headed = list(
            Department.objects.filter(head=user).order_by("name").values_list("name", flat=True)
        )
        if headed:
            raise ValidationError(
                _(
                    "%(name)s conduce: %(departments)s. Numiți alt șef acolo înainte de a-i "
                    "schimba rolul."
                )
                % {"name": str(user), "departments": ", ".join(headed)},
                code="heads_departments",
            )
    if old_role in SEES_ALL and new_role not in SEES_ALL:
        _refuse_if_stranded(user)
