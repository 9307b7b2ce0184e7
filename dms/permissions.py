"""Every role rule of the back office, in one place: who sees which case, who may act on it,
who keeps the registry book, the archive and the selection committee, who administers.

The registry (registrars) and the UAT administrators see every case; heads of department and
clerks see the cases of their own departments only. Views never fetch a case by id directly:
they ask ``dms.cases.selectors.case_get_for_staff``, which answers None (a 404) for a case the
user may not see. Which transition each rule guards is declared in ``dms.cases.workflow``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dms.models import Case, Department, SelectionCommitteeMember
from ghiseu.accounts.models import Role

SEES_ALL = frozenset({Role.UAT_ADMIN, Role.REGISTRAR})
STAFF = frozenset({Role.UAT_ADMIN, Role.REGISTRAR, Role.HEAD, Role.CLERK})
ARCHIVE_MANAGERS = SEES_ALL
ARCHIVE_READERS = ARCHIVE_MANAGERS | {Role.HEAD}


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in STAFF


def sees_all(user: Any) -> bool:
    return is_staff(user) and user.role in SEES_ALL


def department_ids_of(user: Any) -> set[int]:
    """The departments a user works in or heads (one query, cached on the user object)."""
    cached = getattr(user, "_ghiseu_department_ids", None)
    if cached is None:
        cached = set(
            Department.objects.filter(Q(members=user) | Q(head=user)).values_list("pk", flat=True)
        )
        user._ghiseu_department_ids = cached
    return cached


def cases_visible_to(user: Any) -> QuerySet[Case]:
    if not is_staff(user):
        return Case.objects.none()
    if sees_all(user):
        return Case.objects.all()
    return Case.objects.filter(department_id__in=department_ids_of(user))


def may_assign(user: Any, case: Case) -> bool:
    """Registrars and administrators dispatch anything; heads within their departments."""
    if sees_all(user):
        return True
    return user.role == Role.HEAD and case.department_id in department_ids_of(user)


def may_work(user: Any, case: Case) -> bool:
    """Answer, ask, reject, file, forward, extend: the assignee, the department's head, or a
    UAT administrator."""
    if not is_staff(user):
        return False
    if user.role == Role.UAT_ADMIN or case.assignee_id == user.pk:
        return True
    return user.role == Role.HEAD and case.department_id in department_ids_of(user)


def may_take(user: Any, case: Case) -> bool:
    """A clerk may take an unassigned case of their own department."""
    return (
        is_staff(user)
        and case.assignee_id is None
        and case.department_id is not None
        and case.department_id in department_ids_of(user)
    )


# --- the registry book, the archive, the committee, the administration ----------------------


def may_register(user: Any) -> bool:
    """Only the registratura and the UAT's administrators write in the registry book."""
    return sees_all(user)


def is_uat_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role == Role.UAT_ADMIN


def may_manage_archive(user: Any) -> bool:
    """The nomenclature, filing, closing a year, proposing and executing disposal lists."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in ARCHIVE_MANAGERS


def is_committee_member(user: Any) -> bool:
    """A member of the selection committee (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_ghiseu_committee", None)
    if cached is None:
        cached = SelectionCommitteeMember.objects.filter(user_id=user.pk).exists()
        user._ghiseu_committee = cached
    return bool(cached)


def may_read_archive(user: Any) -> bool:
    """Heads read the archive too; a clerk on the selection committee reads what it decides."""
    role = getattr(user, "role", None)
    return role in ARCHIVE_READERS or (role == Role.CLERK and is_committee_member(user))
