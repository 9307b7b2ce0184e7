"""Writes on a UAT's offer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dms.departments.defaults import offering_department_defaults
from dms.departments.services import departments_defaults_create
from dms.models import Department
from ghiseu.audit.services import audit_record
from services_catalog.form_schema import schema_check
from services_catalog.models import ServiceTemplate

from . import selectors
from .models import Offering

MAX_EXTRA_FIELDS = 20
CENT = Decimal("0.01")
MAX_FEE = Decimal("99999999.99")  # what the column (10 digits, 2 decimals) holds
# Compared before and after a save, to audit only what changed.
_AUDITED = (
    "is_offered",
    "fee_lei",
    "payment_timing",
    "payment_route",
    "department",
    "term_days",
    "extra_fields",
    "instructions_ro",
    "instructions_en",
)


@transaction.atomic
def offers_create_defaults(*, uat_kind: str) -> int:
    """Offer every active catalog service meant for this kind of UAT (idempotent), each sent
    to its usual department. The departments are made first (when the UAT has none yet): the
    offers point at them."""
    departments_defaults_create(uat_kind=uat_kind)
    by_name = {department.name.casefold(): department for department in Department.objects.all()}
    defaults = offering_department_defaults(uat_kind=uat_kind)
    created = 0
    for service in ServiceTemplate.objects.filter(is_active=True, uat_kinds__contains=[uat_kind]):
        department = by_name.get(defaults.get(service.code, "").casefold())
        offer, was_created = Offering.objects.get_or_create(
            service=service, defaults={"department": department}
        )
        if not was_created and offer.department_id is None and department is not None:
            # Offers made before departments existed get theirs; a UAT's own choice stays.
            offer.department = department
            offer.save(update_fields=["department"])
        created += int(was_created)
    return created


def offers_create_defaults_on_onboarding(sender: Any, uat: Any, **kwargs: Any) -> None:
    offers_create_defaults(uat_kind=uat.kind)


@transaction.atomic
def offering_save(
    *,
    service: ServiceTemplate,
    actor: Any,
    is_offered: bool,
    fee_lei: Decimal | None,
    department: Department | None,
    term_days: int | None,
    extra_fields: list[Any],
    instructions_ro: str,
    instructions_en: str,
    payment_timing: str = "after",
    payment_route: str = "netopia",
) -> Offering:
    """Set how this UAT offers a catalog service; refuses (saving nothing) a term longer than
    the law's, a negative fee or extra fields the citizen form could not render."""
    _check(service=service, fee_lei=fee_lei, term_days=term_days, extra_fields=extra_fields)
    offering, created = Offering.objects.select_for_update().get_or_create(service=service)
    before = {name: getattr(offering, name) for name in _AUDITED}
    offering.is_offered = is_offered
    # Stored as the database keeps it (two decimals), so the audit compares like with like.
    offering.fee_lei = fee_lei.quantize(CENT) if fee_lei is not None else None
    offering.payment_timing = payment_timing
    offering.payment_route = payment_route
    offering.department = department
    offering.term_days = term_days
    offering.extra_fields = extra_fields
    offering.instructions_ro = instructions_ro.strip()
    offering.instructions_en = instructions_en.strip()
    changed = [name for name in _AUDITED if getattr(offering, name) != before[name]]
    if not changed and not created:
        return offering
    offering.save()
    audit_record(
        actor=actor,
        action="offering.saved",
        target=offering,
        data={"service": service.code, "created": created, **_changes(before, offering, changed)},
    )
    return offering


def _check(
    *,
    service: ServiceTemplate,
    fee_lei: Decimal | None,
    term_days: int | None,
    extra_fields: list[Any],
) -> None:
    errors: dict[str, list[str]] = {}
    if fee_lei is not None and fee_lei < 0:
        errors["fee_lei"] = [_("Taxa nu poate fi negativă.")]
    elif fee_lei is not None and fee_lei > MAX_FEE:
        errors["fee_lei"] = [_("Taxa este prea mare.")]
    if term_days is not None and not 1 <= term_days <= service.term_days:
        errors["term_days"] = [
            _(
                "Termenul trebuie să fie între 1 și %(legal)s %(unit)s: nu poate depăși "
                "termenul legal."
            )
            % {"legal": service.term_days, "unit": service.get_term_unit_display()}
        ]
    extra_problems = _extra_field_problems(service=service, extra_fields=extra_fields)
    if extra_problems:
        errors["extra_fields"] = extra_problems
    if errors:
        raise ValidationError(errors)


def _extra_field_problems(*, service: ServiceTemplate, extra_fields: Any) -> list[str]:
    if not isinstance(extra_fields, list):
        return [_("Câmpurile suplimentare trebuie date ca o listă JSON: [ {...}, {...} ].")]
    if not extra_fields:
        return []  # none is fine: the citizen fills in the catalog's form only
    if len(extra_fields) > MAX_EXTRA_FIELDS:
        return [_("Cel mult %(n)s câmpuri suplimentare.") % {"n": MAX_EXTRA_FIELDS}]
    try:
        # Checked on their own: a condition (visible_if) may only name another extra field.
        schema_check(extra_fields)
    except ValidationError as error:
        return list(error.messages)
    catalog_names = selectors.service_field_names(service=service)
    clashes = sorted({field["name"] for field in extra_fields if field["name"] in catalog_names})
    if clashes:
        return [
            _(
                "Aceste nume sunt deja folosite de formularul din catalog: %(names)s. "
                "Alegeți altele."
            )
            % {"names": ", ".join(clashes)}
        ]
    return []


def _changes(before: dict[str, Any], offering: Offering, changed: list[str]) -> dict[str, Any]:
    """What the audit keeps: old and new values of the short fields, only the field names
    of the extra fields and the fact that an instruction text changed."""
    values: dict[str, Any] = {}
    for name in changed:
        if name in {"is_offered", "fee_lei", "department", "term_days"}:
            values[name] = {"from": _plain(before[name]), "to": _plain(getattr(offering, name))}
    if "extra_fields" in changed:
        values["extra_fields"] = [field["name"] for field in offering.extra_fields]
    return {"changed": changed, **values}


def _plain(value: Any) -> Any:
    # A department by its name: the audit outlives renames and deletions.
    return str(value) if isinstance(value, Decimal | Department) else value
