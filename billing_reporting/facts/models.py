"""The quality facts (public schema): one row per case of every UAT, and the aggregates the
pages read. Keyed by the UAT's schema name, like the usage ledger; no personal data."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    OPEN = "open", _("în lucru")
    ANSWERED = "answered", _("soluționată")
    REJECTED = "rejected", _("respinsă")
    FORWARDED = "forwarded", _("redirecționată")
    FILED = "filed", _("clasată")


class CaseFact(models.Model):
    """One case as the indicators see it, kept by the case services and repaired nightly."""

    schema_name = models.CharField(max_length=63)
    case_id = models.BigIntegerField()
    number = models.CharField(max_length=40)  # the registry number as printed: 125/02.03.2026
    service_code = models.CharField(max_length=60)
    service_title = models.CharField(max_length=200, blank=True)
    department_id = models.IntegerField(default=0)  # 0: no department yet
    department_name = models.CharField(max_length=120, blank=True)
    channel = models.CharField(max_length=20)
    registered_at = models.DateTimeField()
    registered_on = models.DateField()  # Europe/Bucharest
    due_on = models.DateField()
    first_action_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField(null=True)
    closed_on = models.DateField(null=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    within_term = models.BooleanField(null=True)  # None: open and not yet due
    extended = models.BooleanField(default=False)
    forwarded = models.BooleanField(default=False)  # to another institution
    redirected = models.BooleanField(default=False)  # to another department
    response_calendar_days = models.IntegerField(null=True)
    response_working_days = models.IntegerField(null=True)
    survey_sent = models.BooleanField(default=False)
    satisfaction = models.SmallIntegerField(null=True)  # 1-5, the citizen's score
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["schema_name", "case_id"], name="case_fact_once"),
        ]
        indexes = [
            models.Index(fields=["schema_name", "registered_on"], name="case_fact_registered"),
            # "Open and overdue now" reads the few open facts only.
            models.Index(
                fields=["schema_name", "due_on"],
                name="case_fact_open_due",
                condition=models.Q(outcome="open"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schema_name} {self.number}"


class Measures(models.Model):
    """What every aggregate counts, for the cases registered in its day or month."""

    received = models.IntegerField(default=0)
    answered = models.IntegerField(default=0)  # answered or refused: a reply was given
    refused = models.IntegerField(default=0)
    forwarded = models.IntegerField(default=0)
    filed = models.IntegerField(default=0)
    still_open = models.IntegerField(default=0)
    answered_in_term = models.IntegerField(default=0)
    closed_late = models.IntegerField(default=0)
    extended = models.IntegerField(default=0)
    redirected = models.IntegerField(default=0)
    response_working_days = models.BigIntegerField(default=0)  # sum over the answered
    response_calendar_days = models.BigIntegerField(default=0)
    # The response times of the answered as a histogram: response_counts[i] were answered in
    # response_days[i] working days (days ascending). Percentiles add up exactly from it.
    response_days = ArrayField(models.IntegerField(), default=list)
    response_counts = ArrayField(models.IntegerField(), default=list)
    surveys_sent = models.IntegerField(default=0)
    surveys_answered = models.IntegerField(default=0)
    score_total = models.IntegerField(default=0)
    score_low = models.IntegerField(default=0)  # 1 or 2
    score_high = models.IntegerField(default=0)  # 4 or 5

    class Meta:
        abstract = True


class ServiceMeasures(Measures):
    """The measures per UAT × service × department × channel, for a day or a month."""

    schema_name = models.CharField(max_length=63)
    service_code = models.CharField(max_length=60)
    department_id = models.IntegerField(default=0)
    channel = models.CharField(max_length=20)

    class Meta:
        abstract = True


class DailyStat(ServiceMeasures):
    """Per day of registration: what a change recomputes."""

    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["schema_name", "day", "service_code", "department_id", "channel"],
                name="daily_stat_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schema_name} {self.day} {self.service_code}"


class MonthlyStat(ServiceMeasures):
    """Per month of registration: what the indicator pages read."""

    month = models.DateField()  # the first day

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["schema_name", "month", "service_code", "department_id", "channel"],
                name="monthly_stat_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schema_name} {self.month:%Y-%m} {self.service_code}"


class UATMonthlyStat(Measures):
    """Per UAT and month only: the county's comparison reads 77 × 12 rows for a year."""

    schema_name = models.CharField(max_length=63)
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["schema_name", "month"], name="uat_monthly_stat_once"),
        ]

    def __str__(self) -> str:
        return f"{self.schema_name} {self.month:%Y-%m}"


class Population(models.Model):
    """Inhabitants of a UAT (census data kept by the county): counts per 1,000 inhabitants
    make a commune comparable to a municipality."""

    schema_name = models.CharField(max_length=63, unique=True)
    inhabitants = models.PositiveIntegerField(_("locuitori"))
    source = models.CharField(_("sursa"), max_length=120, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.schema_name}: {self.inhabitants}"
