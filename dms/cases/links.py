"""Absolute links to a UAT's pages, for notices that leave the request that caused them."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from dms.models import Case
from ghiseu.ops.links import absolute_url
from ghiseu.ops.tenancy import current_tenant_record


def portal_url(path: str, *, tenant: object | None = None) -> str:
    tenant = tenant or current_tenant_record()
    return absolute_url(tenant.get_primary_domain().domain, path)  # type: ignore[union-attr]


def tracking_url(case: Case, *, tenant: object | None = None) -> str:
    path = reverse(
        "portal:case", urlconf=settings.ROOT_URLCONF, kwargs={"token": case.tracking_token}
    )
    return portal_url(path, tenant=tenant)


def staff_case_url(case: Case) -> str:
    return portal_url(reverse("dms:case", urlconf=settings.ROOT_URLCONF, kwargs={"pk": case.pk}))
