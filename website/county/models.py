"""One row per published act of every UAT, keyed by the UAT's schema (public schema)."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext


class CountyAct(models.Model):
    schema_name = models.CharField(max_length=63)
    act_id = models.BigIntegerField()  # the act's id in its UAT's schema
    uat_name = models.CharField(max_length=200)
    section = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12)
    title = models.CharField(max_length=500)
    adopted_on = models.DateField()
    published_at = models.DateTimeField()
    prefect_due = models.DateField(null=True, blank=True)
    communicated_on = models.DateField(null=True, blank=True)
    repealed = models.BooleanField(default=False)
    path = models.CharField(max_length=80)  # /mol/<section>/<year>/<number>/ on its portal
    search_text = models.TextField(blank=True, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        app_label = "website_county"
        constraints = [
            models.UniqueConstraint(fields=["schema_name", "act_id"], name="county_act_once"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="county_act_search_gin"),
            models.Index(fields=["-adopted_on", "-id"], name="county_act_recent"),
            models.Index(fields=["schema_name", "-adopted_on"], name="county_act_uat_recent"),
            # The prefect filters ("overdue", "open") read the few acts not yet communicated,
            # newest first, and count them, without walking every communicated one.
            models.Index(
                fields=["-adopted_on", "-id"],
                condition=models.Q(communicated_on__isnull=True, prefect_due__isnull=False),
                name="county_act_uncommunicated",
            ),
        ]

    def __str__(self) -> str:
        from website.mol.models import ACT_NOUN, Section

        noun = ACT_NOUN[Section(self.section)] if self.section in Section.values else ""
        return gettext("%(noun)s nr. %(number)s/%(year)s") % {
            "noun": noun,
            "number": self.number,
            "year": self.year,
        }
