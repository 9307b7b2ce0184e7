"""The archive (Legea 16/1996): a nomenclature of file codes with retention terms, yearly files
of closed cases, and destruction only through a list a selection committee approved."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dms.departments.models import Department


class FileCode(models.Model):
    """One line of the nomenclature (nomenclatorul arhivistic)."""

    code = models.CharField(_("indicativ"), max_length=30, unique=True)
    title = models.CharField(_("conținutul dosarului"), max_length=300)
    # None: kept permanently (transferred to the National Archives, never destroyed).
    retention_years = models.PositiveSmallIntegerField(
        _("termen de păstrare (ani)"), null=True, blank=True
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="file_codes"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ArchiveFileStatus(models.TextChoices):
    OPEN = "open", _("deschis")
    CLOSED = "closed", _("închis")
    PROPOSED = "proposed", _("propus pentru eliminare")
    DESTROYED = "destroyed", _("eliminat")


class ArchiveFile(models.Model):
    """A file (dosar) of one code and one year, holding the closed cases filed in it."""

    file_code = models.ForeignKey(FileCode, on_delete=models.PROTECT, related_name="files")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=ArchiveFileStatus.choices, default=ArchiveFileStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "file_code__code"]
        constraints = [
            models.UniqueConstraint(fields=["file_code", "year"], name="archive_file_once")
        ]

    def __str__(self) -> str:
        return f"{self.file_code.code}/{self.year}"


class DisposalStatus(models.TextChoices):
    DRAFT = "draft", _("ciornă")
    SUBMITTED = "submitted", _("supusă aprobării")
    APPROVED = "approved", _("aprobată de comisie")
    REJECTED = "rejected", _("respinsă de comisie")
    EXECUTED = "executed", _("executată")


class SelectionCommitteeMember(models.Model):
    """Members of the UAT's selection committee (comisia de selecționare)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="selection_committee"
    )
    appointed_by_decision = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return str(self.user)


class DisposalList(models.Model):
    """A list of files whose retention expired, proposed for destruction; nothing is
    destroyed before the committee approves it."""

    status = models.CharField(
        max_length=10, choices=DisposalStatus.choices, default=DisposalStatus.DRAFT
    )
    files = models.ManyToManyField(ArchiveFile, related_name="disposal_lists")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reference = models.CharField(max_length=100, blank=True)  # the minutes' number
    executed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"disposal list {self.pk} ({self.status})"


class RetentionRule(models.Model):
    """How long a service's closed cases keep the citizen's personal data, where it differs
    from the retention of the case's file code in the nomenclature."""

    service_code = models.CharField(_("serviciu"), max_length=60, unique=True)
    personal_data_years = models.PositiveSmallIntegerField(_("ani de păstrare a datelor personale"))

    def __str__(self) -> str:
        return f"{self.service_code}: {self.personal_data_years} ani"
