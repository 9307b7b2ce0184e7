"""Who sees and works the register: a UAT's administrators all of it; a head of department
what concerns their departments and what they own; an owner what they own."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dms.departments.selectors import departments_of
from ghiseu.accounts.models import Role

from .models import Nonconformity


def _departments(user: Any) -> set[int]:
    cached = getattr(user, "_quality_departments", None)
    if cached is None:
        cached = departments_of(user_id=user.pk)
        user._quality_departments = cached
    return cached


def may_manage(user: Any) -> bool:
    """Opens entries by hand and chooses owners."""
    return getattr(user, "is_authenticated", False) and user.role in {Role.UAT_ADMIN, Role.HEAD}


def nonconformities_visible_to(user: Any) -> QuerySet[Nonconformity]:
    if not getattr(user, "is_authenticated", False):
        return Nonconformity.objects.none()
    if user.role == Role.UAT_ADMIN:
        return Nonconformity.objects.all()
    mine = Q(owner_id=user.pk)
    if user.role == Role.HEAD:
        mine |= Q(department_id__in=_departments(user))
    return Nonconformity.objects.filter(mine)


def may_act(user: Any, nonconformity: Nonconformity) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.UAT_ADMIN or nonconformity.owner_id == user.pk:
        return True
    return user.role == Role.HEAD and nonconformity.department_id in _departments(user)
