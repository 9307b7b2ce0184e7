"""Who sees which indicators: a UAT's administrators all of them, a head of department those
of the departments they head or work in; nobody else."""

from __future__ import annotations

from typing import Any

from dms.departments.selectors import departments_of
from ghiseu.accounts.guards import has_role, uat_staff_page
from ghiseu.accounts.models import Role

indicators_page = uat_staff_page(has_role(Role.UAT_ADMIN, Role.HEAD))


class ScopeError(Exception):
    pass


def department_scope(user: Any, *, chosen: str) -> set[int] | None:
    """The departments this user's indicators cover (None: the whole UAT), narrowed to the
    department ``chosen`` in the query string when given. A department outside the user's
    raises ScopeError."""
    allowed = None if user.role == Role.UAT_ADMIN else departments_of(user_id=user.pk)
    if not chosen:
        return allowed
    if not chosen.isdigit():
        raise ScopeError
    department = int(chosen)
    if allowed is not None and department not in allowed:
        raise ScopeError
    return {department}
