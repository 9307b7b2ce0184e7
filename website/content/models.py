"""Announcements and the institution's own pages, edited by the secretary and administrators
as sanitized HTML; the public sees only what is published (and not expired)."""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    GENERAL = "anunturi", _("Anunțuri și noutăți")
    PROCUREMENT = "achizitii-publice", _("Achiziții publice")
    JOBS = "cariera", _("Concursuri și posturi")
    URBANISM = "urbanism", _("Urbanism")
    MEETINGS = "sedinte-publice", _("Ședințe publice")


class Announcement(models.Model):
    category = models.CharField(
        _("categoria"), max_length=20, choices=Category.choices, default=Category.GENERAL
    )
    title = models.CharField(_("titlul"), max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(_("pe scurt"), max_length=300, blank=True)
    body_html = models.TextField(_("conținutul"), blank=True, default="")  # sanitized
    expires_on = models.DateField(_("valabil până la"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "website"
        ordering = ["-published_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="announcement_search_gin"),
            models.Index(fields=["-published_at"], name="announcement_published"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def public_path(self) -> str:
        return f"/anunturi/{self.slug}/"

    def is_public(self, today: date) -> bool:
        return self.published_at is not None and (
            self.expires_on is None or self.expires_on >= today
        )


class AnnouncementFile(models.Model):
    announcement = models.ForeignKey(Announcement, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=40)
    storage_key = models.CharField(max_length=300)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "website"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class PageKind(models.TextChoices):
    """The institution's pages; the slug is the page's address under /institutia/."""

    LEADERSHIP = "conducere", _("Conducerea")
    ORGANISATION = "organigrama", _("Organigrama")
    CONTACTS = "contact", _("Contact")
    HOURS = "program", _("Program cu publicul")
    PUBLIC_INFORMATION = (
        "informatii-de-interes-public",
        _("Informații de interes public (Legea 544/2001, art. 5)"),
    )


# Legea 544/2001 art. 5 alin. (1): what every authority publishes of its own accord.
PUBLIC_INFORMATION_PARTS = (
    ("a", _("a) actele normative care reglementează organizarea și funcționarea instituției")),
    ("b", _("b) structura organizatorică, atribuțiile departamentelor, programul de funcționare și de audiențe")),
    ("c", _("c) numele și prenumele persoanelor din conducere și ale funcționarului responsabil cu difuzarea informațiilor publice")),
    ("d", _("d) coordonatele de contact: denumirea, sediul, telefon, fax, e-mail, pagina de internet")),
    ("e", _("e) sursele financiare, bugetul și bilanțul contabil")),
    ("f", _("f) programele și strategiile proprii")),
    ("g", _("g) lista cuprinzând documentele de interes public")),
    ("h", _("h) lista cuprinzând categoriile de documente produse și/sau gestionate")),
    ("i", _("i) modalitățile de contestare a deciziei în cazul în care persoana se consideră vătămată în privința dreptului de acces la informațiile de interes public")),
)  # fmt: skip


class Page(models.Model):
    kind = models.CharField(max_length=40, choices=PageKind.choices, unique=True)
    title = models.CharField(_("titlul"), max_length=200)
    body_html = models.TextField(_("conținutul"), blank=True, default="")  # sanitized
    # The Legea 544/2001 page is structured: one sanitized HTML part per letter of art. 5.
    parts = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "website"
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.title

    @property
    def public_path(self) -> str:
        return f"/institutia/{self.kind}/"
