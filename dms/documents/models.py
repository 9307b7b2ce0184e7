"""Documents of the registry: a case's attachments, the citizen's later additions and the
institution's answers, stored under ``<schema>/...``, identified by their SHA-256."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dms.cases.models import Case, CaseEvent
from dms.registry.models import RegistryEntry


class DocumentKind(models.TextChoices):
    ATTACHMENT = "attachment", _("anexă a cererii")
    CLARIFICATION = "clarification", _("completare de la cetățean")
    ANSWER = "answer", _("răspuns")
    INTERNAL = "internal", _("document intern")


class SignatureStatus(models.TextChoices):
    NONE = "", _("nesemnat")
    VALID = "valid", _("semnătură electronică validă")
    INVALID = "invalid", _("semnătură electronică nevalidă")
    UNKNOWN = "unknown", _("semnătură electronică neverificabilă")


class Document(models.Model):
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    # Letters registered without a case (outgoing mail, paper that needs no workflow).
    entry = models.ForeignKey(
        RegistryEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(
        max_length=20, choices=DocumentKind.choices, default=DocumentKind.ATTACHMENT
    )
    visible_to_citizen = models.BooleanField(default=True)
    name = models.CharField(max_length=200)  # the uploader's file name, for display only
    version = models.PositiveSmallIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=40)  # sniffed from the content
    size = models.PositiveIntegerField()
    storage_key = models.CharField(max_length=300)
    text = models.TextField(blank=True, default="")  # extracted, for search
    indexed_at = models.DateTimeField(null=True, blank=True)  # text and signature read
    signature_status = models.CharField(
        max_length=10, choices=SignatureStatus.choices, default=SignatureStatus.NONE, blank=True
    )
    signature_detail = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(entry__isnull=False),
                name="document_belongs_somewhere",
            )
        ]

    def __str__(self) -> str:
        return self.name
