"""Reads on UATs: the routing lookup and the county directory."""

from __future__ import annotations

from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, Value, When

from .host_cache import cached_domain
from .models import UAT, Domain, UATKind, UATStatus

_KIND_ORDER = Case(
    *(When(kind=kind, then=Value(rank)) for rank, kind in enumerate(UATKind.values)),
    output_field=IntegerField(),
)


def domain_lookup(*, hostname: str) -> Domain | None:
    return cached_domain(
        hostname, lambda: Domain.objects.select_related("tenant").filter(domain=hostname).first()
    )


def _with_primary_domain(uats: QuerySet[UAT]) -> QuerySet[UAT]:
    primary = Domain.objects.filter(tenant=OuterRef("pk"), is_primary=True).values("domain")[:1]
    return uats.annotate(primary_domain=Subquery(primary))


def uat_directory() -> QuerySet[UAT]:
    """The UATs a citizen may visit, each with its primary domain, in one query."""
    return (
        _with_primary_domain(UAT.objects.exclude(status=UATStatus.ARCHIVED))
        .annotate(kind_rank=_KIND_ORDER)
        .order_by("kind_rank", "official_name")
    )


def uat_console_list() -> QuerySet[UAT]:
    return _with_primary_domain(UAT.objects.all()).order_by("official_name")


def uat_get_by_slug(*, slug: str) -> UAT | None:
    return UAT.objects.filter(slug=slug).first()


def uat_sms_quota(*, schema_name: str) -> int | None:
    """The UAT's monthly SMS quota in segments (None: unlimited, or no such UAT)."""
    return (
        UAT.objects.filter(schema_name=schema_name)
        .values_list("sms_quota_monthly", flat=True)
        .first()
    )
