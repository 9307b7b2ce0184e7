"""Writes on the catalog: seeding and publishing form versions (public schema)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ghiseu.audit.services import audit_record

from . import catalog_data
from .form_schema import schema_check
from .models import Category, ServiceTemplate, ServiceVersion
from .text import fold


@transaction.atomic
def service_version_publish(
    *, service: ServiceTemplate, form_schema: list[dict[str, Any]], actor: Any = None
) -> ServiceVersion:
    """A new form version; the previous one is retired but stays for what was filed with it."""
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
        "search_text": fold(" ".join([title_ro, title_en, description_ro, description_en])),
    }
