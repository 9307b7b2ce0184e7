"""Reads for the citizen portal: this UAT's offered services, searchable without diacritics."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from .models import Category, ServiceTemplate
from .offers.models import Offering
from .text import fold


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
        .select_related("service", "service__category")
        .first()
    )


def catalog_service(*, code: str) -> ServiceTemplate | None:
    return ServiceTemplate.objects.filter(code=code).first()
