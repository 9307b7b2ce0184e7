"""The satisfaction survey of an answered request (ISO 9001 clause 9.1.2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyReason(models.TextChoices):
    SOLVED = "solved", _("Mi s-a rezolvat problema")
    NOT_SOLVED = "not_solved", _("Nu mi s-a rezolvat problema")
    SPEED = "speed", _("Rapiditatea răspunsului")
    SLOW = "slow", _("A durat prea mult")
    CLARITY = "clarity", _("Răspunsul a fost clar")
    UNCLEAR = "unclear", _("Răspunsul a fost greu de înțeles")
    STAFF = "staff", _("Comunicarea cu funcționarii")
    ONLINE = "online", _("Depunerea online")
    OTHER = "other", _("Alt motiv")


class Survey(models.Model):
    """One per case: created with the answer's notice, answered once through its link.

    The link's token is stored as its SHA-256 digest: the database alone does not hand out
    working links."""

    case_id = models.BigIntegerField(unique=True)
    case_number = models.CharField(max_length=40)
    service_code = models.CharField(max_length=60)
    department_id = models.IntegerField(default=0)
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=SurveyReason.choices, blank=True)
    comment = models.TextField(blank=True)
    wants_follow_up = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="survey_score_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | models.Q(score__isnull=False),
                name="survey_answer_has_score",
            ),
        ]

    def __str__(self) -> str:
        return f"survey {self.case_number}"
