"""Reads on public consultation: what the public sees (published drafts only) and the register
of proposals with the answers given."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from .models import AnswerStatus, Consultation, Recommendation


def consultations_public() -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(published_at__isnull=False)
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("-announced_on", "-number")
    )


def consultations_open(*, today: date) -> QuerySet[Consultation]:
    return consultations_public().filter(announced_on__lte=today, comments_until__gte=today)


def consultation_public(*, year: int, number: int) -> Consultation | None:
    return Consultation.objects.filter(published_at__isnull=False, year=year, number=number).first()


def consultation_staff_list() -> QuerySet[Consultation]:
    return Consultation.objects.annotate(
        recommendation_count=Count("recommendations"),
        unanswered=Count("recommendations", filter=Q(recommendations__status=AnswerStatus.PENDING)),
    ).order_by("-year", "-number")


def consultation_staff(*, consultation_id: int) -> Consultation | None:
    return Consultation.objects.select_related("adopted_act").filter(pk=consultation_id).first()


def recommendations_of(*, consultation: Consultation) -> QuerySet[Recommendation]:
    return consultation.recommendations.order_by("year", "number")


# Newest first; the keys of the register's pages (website.pagination): numbered per year.
PROPOSAL_ORDER = ("year", "number")


def proposals_register(*, year: int | None = None) -> QuerySet[Recommendation]:
    """The public register of proposals: every recommendation on a published draft."""
    rows = Recommendation.objects.filter(consultation__published_at__isnull=False)
    if year:
        rows = rows.filter(year=year)
    return rows.select_related("consultation").order_by(*(f"-{key}" for key in PROPOSAL_ORDER))


def proposal_years() -> list[int]:
    return list(
        Recommendation.objects.filter(consultation__published_at__isnull=False)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
