"""The Monitorul Oficial Local (OUG 57/2019 art. 197 and Annex 1): its six sections, the acts
registered in them, their files (the signed PDF and the annexes) and the links between acts."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Section(models.TextChoices):
    """Annex 1's menu, in its order; the values are the sections' URL segments."""

    STATUTE = "statut", _("Statutul unității administrativ-teritoriale")
    PROCEDURES = "regulamente", _("Regulamente privind procedurile administrative")
    DECISIONS = "hotarari", _("Hotărârile autorității deliberative")
    DISPOSITIONS = "dispozitii", _("Dispozițiile autorității executive")
    FINANCIAL = "financiare", _("Documente și informații financiare")
    OTHER = "alte-documente", _("Alte documente")


# Acts communicated to the prefect within 10 working days (art. 197 alin. 1): decisions of the
# council and dispositions of the mayor (the County Council's president, at a county).
PREFECT_SECTIONS = frozenset({Section.DECISIONS, Section.DISPOSITIONS})

# What one act of each section is called, for titles like "Hotărârea nr. 45/2026".
ACT_NOUN = {
    Section.STATUTE: pgettext_lazy("act", "Statutul"),
    Section.PROCEDURES: pgettext_lazy("act", "Regulamentul"),
    Section.DECISIONS: pgettext_lazy("act", "Hotărârea"),
    Section.DISPOSITIONS: pgettext_lazy("act", "Dispoziția"),
    Section.FINANCIAL: pgettext_lazy("act", "Documentul financiar"),
    Section.OTHER: pgettext_lazy("act", "Documentul"),
}


class ActKind(models.TextChoices):
    NORMATIVE = "normative", _("normativ")
    INDIVIDUAL = "individual", _("individual")


class Act(models.Model):
    section = models.CharField(_("secțiunea"), max_length=20, choices=Section.choices)
    year = models.PositiveSmallIntegerField(_("anul"))
    number = models.PositiveIntegerField(_("numărul"))
    adopted_on = models.DateField(_("data adoptării sau emiterii"))
    title = models.CharField(_("titlul"), max_length=500)
    kind = models.CharField(
        _("caracterul"), max_length=12, choices=ActKind.choices, default=ActKind.INDIVIDUAL
    )
    in_force_on = models.DateField(_("în vigoare de la"), null=True, blank=True)
    # The 10-working-day rule: computed once from the adoption date, on the Romanian calendar.
    prefect_due = models.DateField(null=True, blank=True)
    communicated_on = models.DateField(_("comunicat prefectului la"), null=True, blank=True)
    prefect_reminded_at = models.DateTimeField(null=True, blank=True)
    prefect_flagged_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)  # null: not public
    # Folded text (no diacritics; comma and cedilla forms alike) of the title, the number and
    # the files' text; PostgreSQL keeps its tsvector, read through a GIN index.
    search_text = models.TextField(blank=True, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "website"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "year", "number"], name="act_number_once"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="act_search_gin"),
            models.Index(fields=["section", "-year", "-number"], name="act_section_order"),
            models.Index(fields=["-published_at"], name="act_published"),
        ]

    def __str__(self) -> str:
        return _("%(noun)s nr. %(number)s/%(year)s") % {
            "noun": self.noun,
            "number": self.number,
            "year": self.year,
        }

    @property
    def noun(self) -> str:
        return str(ACT_NOUN[Section(self.section)])

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def public_path(self) -> str:
        return f"/mol/{self.section}/{self.year}/{self.number}/"

    def in_force(self, today: date) -> bool:
        return self.in_force_on is not None and self.in_force_on <= today


class FileRole(models.TextChoices):
    MAIN = "main", _("actul semnat")
    ANNEX = "annex", _("anexă")


class ActFile(models.Model):
    """A PDF of an act: the signed act itself or one of its annexes."""

    act = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="files")
    role = models.CharField(max_length=5, choices=FileRole.choices, default=FileRole.MAIN)
    title = models.CharField(_("denumirea"), max_length=200, blank=True)
    name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    storage_key = models.CharField(max_length=300)
    text = models.TextField(blank=True, default="")
    signature_status = models.CharField(max_length=10, blank=True, default="")
    signature_detail = models.JSONField(default=dict, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "website"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title or self.name

    @property
    def signers(self) -> list[str]:
        return [
            signature.get("signer", "")
            for signature in self.signature_detail.get("signatures", [])
            if signature.get("signer")
        ]


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("modifică")
    REPEALS = "repeals", _("abrogă")


class ActRelation(models.Model):
    """``source`` amends or repeals ``target``; both acts show the link."""

    source = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="relations_out")
    target = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="relations_in")
    kind = models.CharField(max_length=8, choices=RelationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "website"
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="act_relation_once"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="act_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.target}"
