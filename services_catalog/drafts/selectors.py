from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from .models import Draft


def drafts_of_citizen(*, citizen_ref: int) -> QuerySet[Draft]:
    return Draft.objects.filter(citizen_ref=citizen_ref, expires_at__gt=timezone.now()).order_by(
        "-saved_at"
    )


def draft_of_citizen(*, citizen_ref: int, pk: int) -> Draft | None:
    return drafts_of_citizen(citizen_ref=citizen_ref).filter(pk=pk).first()
