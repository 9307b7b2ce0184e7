"""Reads for the UAT administrator's offer pages: the catalog as this UAT may offer it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from dms.archive.retention import OfferedService
from services_catalog.models import ServiceTemplate

from .models import Offering


@dataclass(frozen=True)
class OfferRow:
    """A catalog service next to this UAT's offer of it (None: never offered here)."""

    service: ServiceTemplate
    offering: Offering | None

    @property
    def is_offered(self) -> bool:
        return self.offering is not None and self.offering.is_offered

    @property
    def fee_lei(self) -> Decimal:
        if self.offering is not None and self.offering.fee_lei is not None:
            return self.offering.fee_lei
        return self.service.fee_lei

    @property
    def term_days(self) -> int:
        if self.offering is not None and self.offering.term_days:
            return self.offering.term_days
        return self.service.term_days

    @property
    def department(self) -> str:
        department = self.offering.department if self.offering is not None else None
        return department.name if department is not None else ""


def _applicable_services(*, uat_kind: str) -> QuerySet[ServiceTemplate]:
    return ServiceTemplate.objects.filter(is_active=True, uat_kinds__contains=[uat_kind])


def offer_rows(*, uat_kind: str) -> list[OfferRow]:
    """Every active catalog service meant for this kind of UAT, in two queries whatever the
    catalog's size (the offer lives in the UAT's schema, the catalog in the public one)."""
    services = list(_applicable_services(uat_kind=uat_kind).select_related("category"))
    offerings = {
        offering.service_id: offering
        for offering in Offering.objects.filter(
            service__in=[s.pk for s in services]
        ).select_related("department")
    }
    rows = []
    for service in services:
        offering = offerings.get(service.pk)
        if offering is not None:
            offering.service = service  # spares a query per row in effective_* properties
        rows.append(OfferRow(service=service, offering=offering))
    return rows


def offer_service_get(*, code: str, uat_kind: str) -> ServiceTemplate | None:
    """A catalog service this UAT may offer; None for unknown, retired or another kind's."""
    return _applicable_services(uat_kind=uat_kind).filter(code=code).first()


def offering_for_service(*, service: ServiceTemplate) -> Offering | None:
    return Offering.objects.filter(service=service).first()


def service_field_names(*, service: ServiceTemplate) -> set[str]:
    """The names of the catalog's form fields for this service, in every version still in use:
    an extra field may not take one of them, or the citizen's answer would be overwritten."""
    names: set[str] = set()
    for schema in service.versions.filter(retired_at__isnull=True).values_list(
        "form_schema", flat=True
    ):
        names.update(
            field["name"]
            for field in schema or []
            if isinstance(field, dict) and isinstance(field.get("name"), str)
        )
    return names


def offered_services_for_retention() -> list[OfferedService]:
    """The services this UAT offers, for the archive's page of personal-data terms."""
    return [
        OfferedService(
            code=offering.service.code,
            title=offering.service.title,
            file_code=offering.service.archive_code,
        )
        for offering in Offering.objects.filter(is_offered=True).select_related("service")
    ]
