"""Public consultation on draft normative acts (Legea 52/2003 on decisional transparency):
the draft, announced with its dates, and the recommendations received, each registered in the
register of proposals and answered in public."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Consultation(models.Model):
    """A draft decision put to public consultation, numbered in the register of drafts."""

    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    title = models.CharField(_("titlul proiectului"), max_length=500)
    summary_html = models.TextField(_("anunțul"), blank=True, default="")  # sanitized
    announced_on = models.DateField(_("data anunțului"))
    comments_until = models.DateField(_("recomandări până la"))
    vote_not_before = models.DateField(_("supus votului cel mai devreme la"))
    debate_on = models.DateField(_("dezbatere publică la"), null=True, blank=True)
    debate_participants = models.PositiveIntegerField(_("participanți la dezbatere"), default=0)
    lawsuits = models.PositiveIntegerField(
        _("acțiuni în justiție pentru nerespectarea Legii 52/2003"), default=0
    )
    # The draft's PDF (stored like the MOL's files: <schema>/site/<sha256>.pdf).
    draft_name = models.CharField(max_length=200)
    draft_sha256 = models.CharField(max_length=64)
    draft_size = models.PositiveIntegerField()
    draft_storage_key = models.CharField(max_length=300)
    adopted_act = models.ForeignKey(
        "website.Act",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("hotărârea adoptată"),
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "website"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="consultation_number_once"),
            models.CheckConstraint(
                condition=models.Q(comments_until__gt=models.F("announced_on")),
                name="consultation_comments_after_announcement",
            ),
        ]

    def __str__(self) -> str:
        return _("Proiectul de hotărâre nr. %(number)s/%(year)s") % {
            "number": self.number,
            "year": self.year,
        }

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def public_path(self) -> str:
        return f"/consultare-publica/{self.year}/{self.number}/"

    def is_open(self, today: date) -> bool:
        return self.published_at is not None and self.announced_on <= today <= self.comments_until


class AnswerStatus(models.TextChoices):
    PENDING = "pending", _("în analiză")
    ACCEPTED = "accepted", _("acceptată")
    PARTIAL = "partial", _("acceptată parțial")
    REJECTED = "rejected", _("respinsă")


class Recommendation(models.Model):
    """A written recommendation, numbered in the register of proposals of its year."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="recommendations"
    )
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    received_at = models.DateTimeField()
    author_name = models.CharField(_("numele"), max_length=150)
    organisation = models.CharField(_("organizația"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))  # proven by a one-time code; never shown publicly
    text = models.TextField(_("recomandarea"))
    status = models.CharField(
        max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.PENDING
    )
    answer = models.TextField(_("răspunsul"), blank=True, default="")
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submission_key = models.CharField(max_length=32, unique=True)  # one per proven submission

    class Meta:
        app_label = "website"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="recommendation_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def public_author(self) -> str:
        """An organisation is named; a person only by initials (GDPR: what the register needs)."""
        if self.organisation:
            return self.organisation
        initials = "".join(f"{part[0]}." for part in self.author_name.split() if part)
        return initials or "—"
