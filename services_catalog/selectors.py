"""Reads for the citizen portal (this UAT's offered services, searchable without diacritics)
and for the county console (the whole catalog)."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import translation

from ghiseu.audit.models import AuditEvent
from ghiseu.ops.text import fold

from .models import Category, ServiceTemplate, ServiceVersion
from .offers.models import Offering


def portal_offerings(*, query: str = "", category: str = "") -> QuerySet[Offering]:
    offerings = (
        Offering.objects.filter(is_offered=True, service__is_active=True)
        .select_related("service", "service__category")
        .order_by("service__category__position", "service__title_ro")
    )
    if category:
        offerings = offerings.filter(service__category__slug=category)
    for word in fold(query).split()[:8]:
        offerings = offerings.filter(service__search_text__contains=word)
    return offerings


def portal_categories() -> list[tuple[Category, int]]:
    counts = dict(
        Offering.objects.filter(is_offered=True, service__is_active=True)
        .values_list("service__category_id")
        .annotate(n=Count("id"))
        .values_list("service__category_id", "n")
    )
    return [
        (category, counts[category.pk])
        for category in Category.objects.all()
        if counts.get(category.pk)
    ]


def portal_offering(*, code: str) -> Offering | None:
    return (
        Offering.objects.filter(is_offered=True, service__is_active=True, service__code=code)
        .select_related("service", "service__category", "department")
        .first()
    )


def catalog_service(*, code: str) -> ServiceTemplate | None:
    return ServiceTemplate.objects.filter(code=code).first()


def catalog_console_list() -> QuerySet[ServiceTemplate]:
    """Every catalog service with its category and current version number, in one query."""
    current = (
        ServiceVersion.objects.filter(service=OuterRef("pk"), retired_at__isnull=True)
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        ServiceTemplate.objects.select_related("category")
        .annotate(current_version=Subquery(current))
        .order_by("category__position", "category__name_ro", "title_ro")
    )


def catalog_service_versions(*, service: ServiceTemplate) -> QuerySet[ServiceVersion]:
    return service.versions.order_by("-number")


def catalog_service_events(
    *, service: ServiceTemplate, versions: list[ServiceVersion]
) -> QuerySet[AuditEvent]:
    """The audit trail of a service: its edits and the publishing of each of its versions."""
    return AuditEvent.objects.filter(
        Q(object_type=ServiceTemplate._meta.label_lower, object_id=str(service.pk))
        | Q(
            object_type=ServiceVersion._meta.label_lower,
            object_id__in=[str(version.pk) for version in versions],
        )
    )


def catalog_titles(*, codes: set[str] | None = None) -> dict[str, str]:
    """The catalog services' titles in the current language, by code (one query); only those
    of ``codes`` when given."""
    english = translation.get_language() == "en"
    services = ServiceTemplate.objects.all()
    if codes is not None:
        services = services.filter(code__in=codes)
    return {
        code: (title_en if english else title_ro)
        for code, title_ro, title_en in services.values_list("code", "title_ro", "title_en")
    }


def catalog_legal_bases() -> dict[str, str]:
    """Every catalog service's legal basis, by code: which report a service belongs to."""
    return dict(ServiceTemplate.objects.values_list("code", "legal_basis"))
