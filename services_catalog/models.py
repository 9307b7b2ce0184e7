"""The county's shared catalog of public services (public schema).

A service's form is versioned: a citizen's filing points at the version it was made with, and
publishing a new version never alters what was already filed.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class TermUnit(models.TextChoices):
    CALENDAR = "calendar", _("zile calendaristice")
    WORKING = "working", _("zile lucrătoare")


class Category(models.Model):
    slug = models.SlugField(unique=True)
    name_ro = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name_ro"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name_ro

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_ro


class ServiceTemplate(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="services")
    title_ro = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    description_ro = models.TextField()
    description_en = models.TextField()
    legal_basis = models.CharField(max_length=300)
    uat_kinds = ArrayField(models.CharField(max_length=12), default=list)
    term_days = models.PositiveSmallIntegerField()
    term_unit = models.CharField(max_length=10, choices=TermUnit.choices, default=TermUnit.CALENDAR)
    extension_days = models.PositiveSmallIntegerField(default=0)  # 0: no extension allowed
    required_documents_ro = models.JSONField(default=list, blank=True)
    required_documents_en = models.JSONField(default=list, blank=True)
    fee_lei = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    fee_note_ro = models.CharField(max_length=300, blank=True)
    fee_note_en = models.CharField(max_length=300, blank=True)
    outcome_ro = models.CharField(max_length=300)  # what the citizen receives
    outcome_en = models.CharField(max_length=300)
    archive_code = models.CharField(max_length=30, blank=True)  # suggested file code
    search_text = models.TextField(blank=True)  # folded (no diacritics, lower case), ro + en
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category__position", "title_ro"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title_ro}"

    def localized(self, field: str) -> object:
        suffix = "en" if translation.get_language() == "en" else "ro"
        return getattr(self, f"{field}_{suffix}")

    @property
    def title(self) -> str:
        return str(self.localized("title"))

    @property
    def description(self) -> str:
        return str(self.localized("description"))


class ServiceVersion(models.Model):
    """One published form of a service; immutable once published."""

    service = models.ForeignKey(ServiceTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    form_schema = models.JSONField()
    published_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="service_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} v{self.number}"
