"""Reads on the MOL: what the public may see (published acts only), what the staff see, and
search on the folded text (diacritics in comma and cedilla forms alike, or none)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from website.documents import search_query

from .models import Act, ActFile, ActRelation, FileRole, RelationKind, Section


@dataclass(frozen=True)
class ActFilters:
    section: str = ""
    query: str = ""
    year: int | None = None
    kind: str = ""
    status: str = ""  # "in_force", "amended", "repealed"
    prefect: str = ""  # staff only: "overdue", "open"


STATUSES = ("in_force", "amended", "repealed")


def _relation_exists(kind: str) -> Exists:
    return Exists(ActRelation.objects.filter(target=OuterRef("pk"), kind=kind))


def _with_status(acts: QuerySet[Act]) -> QuerySet[Act]:
    return acts.annotate(
        is_repealed=_relation_exists(RelationKind.REPEALS),
        is_amended=_relation_exists(RelationKind.AMENDS),
    )


# Newest first; the keys of the listing's pages (website.pagination).
ACT_ORDER = ("year", "number", "id")


def _filtered(acts: QuerySet[Act], filters: ActFilters, *, today: date) -> QuerySet[Act]:
    if filters.section:
        acts = acts.filter(section=filters.section)
    if filters.year:
        acts = acts.filter(year=filters.year)
    if filters.kind:
        acts = acts.filter(kind=filters.kind)
    query = search_query(filters.query)
    if query is not None:
        acts = acts.filter(search_vector=query)
    repealed = _relation_exists(RelationKind.REPEALS)
    if filters.status == "repealed":
        acts = acts.filter(repealed)
    elif filters.status == "amended":
        acts = acts.filter(_relation_exists(RelationKind.AMENDS)).exclude(repealed)
    elif filters.status == "in_force":
        acts = acts.exclude(repealed).filter(in_force_on__lte=today)
    acts = _with_status(acts)
    if filters.prefect == "overdue":
        acts = acts.filter(communicated_on__isnull=True, prefect_due__lt=today)
    elif filters.prefect == "open":
        acts = acts.filter(communicated_on__isnull=True, prefect_due__isnull=False)
    return acts.order_by(*(f"-{key}" for key in ACT_ORDER))


def mol_public_acts(*, filters: ActFilters, today: date) -> QuerySet[Act]:
    return _filtered(Act.objects.filter(published_at__isnull=False), filters, today=today)


def mol_staff_acts(*, filters: ActFilters, today: date) -> QuerySet[Act]:
    return _filtered(Act.objects.all(), filters, today=today)


def mol_public_act(*, section: str, year: int, number: int) -> Act | None:
    return _act_detail(
        Act.objects.filter(published_at__isnull=False), section=section, year=year, number=number
    )


def _act_detail(acts: QuerySet[Act], **lookup: object) -> Act | None:
    published = Act.objects.filter(published_at__isnull=False)
    return (
        _with_status(acts.filter(**lookup))
        .prefetch_related(
            Prefetch("files", queryset=ActFile.objects.order_by("uploaded_at", "id")),
            Prefetch(
                "relations_out",
                queryset=ActRelation.objects.filter(target__in=published).select_related("target"),
                to_attr="public_relations_out",
            ),
            Prefetch(
                "relations_in",
                queryset=ActRelation.objects.filter(source__in=published).select_related("source"),
                to_attr="public_relations_in",
            ),
        )
        .first()
    )


def mol_staff_act(*, act_id: int) -> Act | None:
    act = (
        _with_status(Act.objects.filter(pk=act_id))
        .prefetch_related(
            "files",
            Prefetch(
                "relations_out",
                queryset=ActRelation.objects.select_related("target"),
                to_attr="public_relations_out",
            ),
            Prefetch(
                "relations_in",
                queryset=ActRelation.objects.select_related("source"),
                to_attr="public_relations_in",
            ),
        )
        .select_related("registered_by")
        .first()
    )
    return act


def act_main_file(act: Act) -> ActFile | None:
    return next((f for f in act.files.all() if f.role == FileRole.MAIN), None)


def act_annexes(act: Act) -> list[ActFile]:
    return [f for f in act.files.all() if f.role == FileRole.ANNEX]


def mol_public_file(*, act: Act, file_id: int) -> ActFile | None:
    return next((f for f in act.files.all() if f.pk == file_id), None)


def mol_section_counts() -> dict[str, int]:
    rows = (
        Act.objects.filter(published_at__isnull=False)
        .values("section")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["section"]: row["n"] for row in rows}
    return {section: counts.get(section, 0) for section in Section.values}


def mol_years(*, section: str = "", published_only: bool = True) -> list[int]:
    acts = Act.objects.filter(published_at__isnull=False) if published_only else Act.objects.all()
    if section:
        acts = acts.filter(section=section)
    return list(acts.values_list("year", flat=True).distinct().order_by("-year"))


def mol_latest(*, limit: int = 5) -> list[Act]:
    return list(
        Act.objects.filter(published_at__isnull=False).order_by("-published_at", "-id")[:limit]
    )


def mol_prefect_open(*, today: date) -> QuerySet[Act]:
    """Acts still to communicate to the prefect, most urgent first."""
    return Act.objects.filter(communicated_on__isnull=True, prefect_due__isnull=False).order_by(
        "prefect_due", "number"
    )
