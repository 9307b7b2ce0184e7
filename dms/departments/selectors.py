"""Reads on departments for the other apps (reporting labels, owners, a head's scope)."""

from __future__ import annotations

from django.db.models import Q

from .models import Department


def department_names() -> dict[int, str]:
    """Every department of the current schema by id, for the reports' labels."""
    return dict(Department.objects.values_list("pk", "name"))


def department_heads() -> dict[int, int]:
    """The head of each department that has one: {department id: user id}."""
    return dict(Department.objects.filter(head__isnull=False).values_list("pk", "head_id"))


def departments_of(*, user_id: int) -> set[int]:
    """The departments a user heads or works in: what a head's indicators cover."""
    return set(
        Department.objects.filter(Q(head_id=user_id) | Q(members__id=user_id))
        .values_list("pk", flat=True)
        .distinct()
    )
