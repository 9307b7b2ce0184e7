"""Reads on surveys."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .models import Survey


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_states(*, case_ids: Iterable[int]) -> dict[int, int | None]:
    """For the cases that were sent a survey: the score given, or None if not answered."""
    return dict(Survey.objects.filter(case_id__in=list(case_ids)).values_list("case_id", "score"))


def survey_get_by_token(*, token: str) -> Survey | None:
    if not token or len(token) > 100:
        return None
    return Survey.objects.filter(token_digest=token_digest(token)).first()
