"""Writes on the catalog: seeding, editing services and publishing form versions (public
schema)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ghiseu.audit.services import audit_record
from ghiseu.ops.text import fold
from tenants.models import UATKind

from . import catalog_data
from .form_schema import schema_check
from .models import Category, ServiceTemplate, ServiceVersion

# What the county may change on a service; its code never changes (cases and offers name it).
EDITABLE_FIELDS = (
    "category",
    "title_ro",
    "title_en",
    "description_ro",
    "description_en",
    "legal_basis",
    "uat_kinds",
    "term_days",
    "term_unit",
    "extension_days",
    "required_documents_ro",
    "required_documents_en",
    "fee_lei",
    "fee_note_ro",
    "fee_note_en",
    "outcome_ro",
    "outcome_en",
    "archive_code",
    "is_active",
)


@transaction.atomic
def service_template_update(
    *, service: ServiceTemplate, data: Mapping[str, Any], actor: Any = None
) -> ServiceTemplate:
    """Change a service's description, terms and fee. Cases already filed keep their own due
    date and answers: nothing here reaches into a UAT's schema."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = ServiceTemplate.objects.select_for_update().get(pk=service.pk)
    before = {name: _audit_value(getattr(locked, name)) for name in data}
    for name, value in data.items():
        setattr(locked, name, value)
    _template_check(locked)
    # One order for the kinds, so that re-saving the same choice is not recorded as a change.
    locked.uat_kinds = [kind for kind in UATKind.values if kind in locked.uat_kinds]
    changed = {
        name: {"from": before[name], "to": _audit_value(getattr(locked, name))}
        for name in data
        if before[name] != _audit_value(getattr(locked, name))
    }
    if not changed:
        return locked
    locked.search_text = _search_text(
        locked.title_ro, locked.title_en, locked.description_ro, locked.description_en
    )
    locked.save()
    audit_record(
        actor=actor,
        action="catalog.service_updated",
        target=locked,
        data={"service": locked.code, "changed": changed},
    )
    return locked


def _template_check(service: ServiceTemplate) -> None:
    """The model's own rules plus the catalog's: raises a ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}
    try:
        service.full_clean(exclude=["search_text"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if not service.uat_kinds or not set(service.uat_kinds) <= set(UATKind.values):
        errors.setdefault("uat_kinds", []).append(_("Alegeți cel puțin un tip de UAT din listă."))
    if len(service.required_documents_ro) != len(service.required_documents_en):
        errors.setdefault("required_documents_en", []).append(
            _("Fiecare document cerut trebuie dat în română și în engleză, în aceeași ordine.")
        )
    if service.term_days is not None and service.term_days < 1:
        errors.setdefault("term_days", []).append(_("Termenul este de cel puțin o zi."))
    if errors:
        raise ValidationError(errors)


def _audit_value(value: Any) -> Any:
    """A JSON-ready form of a field's value for the audit event."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Category):
        return value.slug
    return value


def _search_text(*texts: str) -> str:
    """What the portal's search matches: titles and descriptions, folded, in both languages."""
    return fold(" ".join(texts))


@transaction.atomic
def service_version_publish(
    *, service: ServiceTemplate, form_schema: list[dict[str, Any]], actor: Any = None
) -> ServiceVersion:
    """A new form version; the previous one is retired but stays for what was filed with it
    (a case records the version number it was filed with). Publishing the schema already
    current creates nothing and returns the current version."""
    schema_check(form_schema)
    locked = ServiceTemplate.objects.select_for_update().get(pk=service.pk)
    latest = locked.versions.order_by("-number").first()
    if latest is not None and latest.form_schema == form_schema:
        return latest
    version = ServiceVersion.objects.create(
        service=locked, number=(latest.number + 1) if latest else 1, form_schema=form_schema
    )
    ServiceVersion.objects.filter(service=locked, retired_at__isnull=True).exclude(
        pk=version.pk
    ).update(retired_at=timezone.now())
    audit_record(
        actor=actor,
        action="catalog.version_published",
        target=version,
        data={"service": locked.code, "number": version.number},
    )
    return version


@transaction.atomic
def catalog_seed() -> int:
    """The seed catalog (idempotent): returns how many services were created."""
    categories = {}
    for slug, name_ro, name_en, position in catalog_data.CATEGORIES:
        categories[slug], _ = Category.objects.update_or_create(
            slug=slug, defaults={"name_ro": name_ro, "name_en": name_en, "position": position}
        )
    created = 0
    for row in catalog_data.SERVICES:
        service, was_created = ServiceTemplate.objects.get_or_create(
            code=row["code"], defaults=_service_fields(row, categories)
        )
        created += int(was_created)
        if was_created:
            service_version_publish(service=service, form_schema=row["fields"])
    return created


def _service_fields(row: dict[str, Any], categories: dict[str, Category]) -> dict[str, Any]:
    title_ro, title_en = row["title"]
    description_ro, description_en = row["description"]
    days, unit, extension = row["term"]
    fee_note = row.get("fee_note", ("", ""))
    return {
        "category": categories[row["category"]],
        "title_ro": title_ro,
        "title_en": title_en,
        "description_ro": description_ro,
        "description_en": description_en,
        "legal_basis": row["legal"],
        "uat_kinds": row["kinds"],
        "term_days": days,
        "term_unit": unit,
        "extension_days": extension,
        "fee_lei": row["fee"],
        "fee_note_ro": fee_note[0],
        "fee_note_en": fee_note[1],
        "outcome_ro": row["outcome"][0],
        "outcome_en": row["outcome"][1],
        "archive_code": row["archive"],
        "required_documents_ro": [ro for ro, _en in row["documents"]],
        "required_documents_en": [en for _ro, en in row["documents"]],
        "search_text": _search_text(title_ro, title_en, description_ro, description_en),
    }
