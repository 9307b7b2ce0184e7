"""The registry (registratură) and cases, in each UAT's schema.

Registry numbers are gapless per year: the counter row is locked in the transaction that
uses the number, so a failed transaction gives its number back.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryCounter(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Direction(models.TextChoices):
    INCOMING = "in", _("intrare")
    OUTGOING = "out", _("ieșire")


class RegistryEntry(models.Model):
    """One line of the registry book (registru de intrare-ieșire)."""

    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    registered_at = models.DateTimeField()
    direction = models.CharField(
        max_length=3, choices=Direction.choices, default=Direction.INCOMING
    )
    channel = models.CharField(max_length=20, default="online")  # online, paper, e-mail, post
    sender_name = models.CharField(max_length=200)
    sender_reference = models.CharField(max_length=60, blank=True)  # the sender's own number
    sender_date = models.DateField(null=True, blank=True)
    summary = models.CharField(max_length=500)
    pages = models.PositiveSmallIntegerField(default=1)
    annexes = models.PositiveSmallIntegerField(default=0)
    department = models.CharField(max_length=120, blank=True)
    resolution = models.CharField(max_length=300, blank=True)
    dispatch_date = models.DateField(null=True, blank=True)
    recipient = models.CharField(max_length=200, blank=True)
    linked_entry = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)
    file_code = models.CharField(max_length=30, blank=True)  # indicativ dosar

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="registry_number_once"),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.number}/{self.registered_at:%d.%m.%Y}"


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("înregistrată")
    ASSIGNED = "assigned", _("repartizată")
    IN_PROGRESS = "in_progress", _("în lucru")
    WAITING = "waiting", _("așteaptă completări")
    ANSWERED = "answered", _("soluționată")
    REJECTED = "rejected", _("respinsă")
    FORWARDED = "forwarded", _("redirecționată")
    FILED = "filed", _("clasată")


def tracking_token() -> str:
    return secrets.token_urlsafe(24)


class Case(models.Model):
    entry = models.OneToOneField(RegistryEntry, on_delete=models.PROTECT, related_name="case")
    service_code = models.CharField(max_length=60)
    service_version = models.PositiveIntegerField()  # the catalog version the citizen filled
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    due_date = models.DateField()
    citizen_name = models.CharField(max_length=150)
    citizen_email = models.EmailField()
    citizen_phone = models.CharField(max_length=20, blank=True)
    answers = models.JSONField(default=dict)
    submission_key = models.CharField(max_length=64, unique=True)  # one filing per submission
    tracking_token = models.CharField(max_length=64, unique=True, default=tracking_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"case {self.entry.display_number}"


class CaseEvent(models.Model):
    """The case's history; append-only (a database trigger refuses changes)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    occurred_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=40)
    visible_to_citizen = models.BooleanField(default=True)
    actor_label = models.CharField(max_length=254, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    LABELS = {"registered": _("Cerere înregistrată")}

    def __str__(self) -> str:
        return f"{self.kind} @ {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        """What the citizen reads in the history."""
        return str(self.LABELS.get(self.kind, self.kind))


class Document(models.Model):
    """A file of a case, stored under ``<schema>/cases/...``, identified by its SHA-256."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    name = models.CharField(max_length=200)  # the citizen's file name, for display only
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=40)  # sniffed from the content
    size = models.PositiveIntegerField()
    storage_key = models.CharField(max_length=300)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
