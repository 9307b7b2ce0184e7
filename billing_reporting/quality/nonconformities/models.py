"""The register of nonconformities and corrective actions (ISO 9001 clause 10.2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NonconformitySource(models.TextChoices):
    DEADLINE = "deadline", _("Termen legal depășit")
    COMPLAINT = "complaint", _("Reclamație a cetățeanului")
    MANUAL = "manual", _("Constatare internă")


class NonconformityState(models.TextChoices):
    OPEN = "open", _("deschisă")
    CORRECTED = "corrected", _("corecție aplicată")
    ACTION_PLANNED = "action_planned", _("acțiune corectivă în curs")
    CLOSED = "closed", _("închisă")


class Nonconformity(models.Model):
    source = models.CharField(max_length=12, choices=NonconformitySource.choices)
    state = models.CharField(
        max_length=16, choices=NonconformityState.choices, default=NonconformityState.OPEN
    )
    title = models.CharField(_("titlu"), max_length=200)
    description = models.TextField(_("descriere"), blank=True)
    # The case it is about (none for an internal finding), by id and number: the register
    # must outlive a case's personal data.
    case_id = models.BigIntegerField(null=True, blank=True)
    case_number = models.CharField(max_length=40, blank=True)
    service_code = models.CharField(max_length=60, blank=True)
    department_id = models.IntegerField(default=0)
    survey = models.OneToOneField(
        "quality.Survey",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsabil"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_nonconformities",
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    correction = models.TextField(_("corecția"), blank=True)
    corrected_at = models.DateTimeField(null=True, blank=True)
    root_cause = models.TextField(_("cauza principală"), blank=True)
    corrective_action = models.TextField(_("acțiunea corectivă"), blank=True)
    action_due = models.DateField(_("termenul acțiunii"), null=True, blank=True)
    action_planned_at = models.DateTimeField(null=True, blank=True)
    effectiveness = models.TextField(_("verificarea eficacității"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            # A breached deadline opens one nonconformity per case, whatever runs twice.
            models.UniqueConstraint(
                fields=["case_id"],
                condition=models.Q(source="deadline"),
                name="nonconformity_deadline_once",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "department_id"], name="nonconformity_state"),
            # The register's order: the dashboard's newest five and a page of the register are
            # read off it (60,000 entries, a 1M-case UAT's: 128 ms sorted, 0.1 ms from here).
            models.Index(fields=["-opened_at", "-id"], name="nonconformity_newest"),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"NC {self.pk}/{timezone.localtime(self.opened_at):%Y}"  # the Romanian year

    @property
    def is_closed(self) -> bool:
        return self.state == NonconformityState.CLOSED
