"""Cases (a registered request being worked) and their append-only history."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dms.departments.models import Department
from dms.registry.models import RegistryEntry


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("înregistrată")
    ASSIGNED = "assigned", _("repartizată")
    IN_PROGRESS = "in_progress", _("în lucru")
    WAITING = "waiting", _("așteaptă completări")
    ANSWERED = "answered", _("soluționată")
    REJECTED = "rejected", _("respinsă")
    FORWARDED = "forwarded", _("redirecționată")
    FILED = "filed", _("clasată")


CLOSED_STATUSES = frozenset(
    {CaseStatus.ANSWERED, CaseStatus.REJECTED, CaseStatus.FORWARDED, CaseStatus.FILED}
)


def tracking_token() -> str:
    # 128 random bits (22 characters): unguessable, and short enough that the tracking link
    # leaves room in a 160-character SMS for the rest of the notice.
    return secrets.token_urlsafe(16)


class FeeState(models.TextChoices):
    AWAITING = "awaiting", _("așteaptă plata")
    PAID = "paid", _("plătită")
    REFUNDED = "refunded", _("rambursată")


class Case(models.Model):
    entry = models.OneToOneField(RegistryEntry, on_delete=models.PROTECT, related_name="case")
    service_code = models.CharField(max_length=60)
    service_title = models.CharField(max_length=200, blank=True)  # as filed, in Romanian
    service_version = models.PositiveIntegerField()  # the catalog version the citizen filled
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    # Bumped by every change: a form carries the revision it was shown with, so a second clerk
    # acting on a stale page gets a conflict instead of overwriting the first one's work.
    revision = models.PositiveIntegerField(default=1)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    due_date = models.DateField()
    term_days = models.PositiveSmallIntegerField(default=30)
    term_unit = models.CharField(max_length=10, default="calendar")  # calendar | working
    extension_days = models.PositiveSmallIntegerField(default=0)  # what the law allows, 0: none
    extended_at = models.DateTimeField(null=True, blank=True)  # at most once
    reminded_at = models.DateTimeField(null=True, blank=True)  # the assignee, before the term
    escalated_at = models.DateTimeField(null=True, blank=True)  # the head, once overdue
    closed_at = models.DateTimeField(null=True, blank=True)
    citizen_name = models.CharField(max_length=150)
    citizen_email = models.EmailField(blank=True)
    citizen_phone = models.CharField(max_length=20, blank=True)
    # Filed while signed in with an e-ID: who (the county's citizens.Citizen id, never read
    # here), through which provider, at which assurance level.
    citizen_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    identity_provider = models.CharField(max_length=30, blank=True)
    assurance_level = models.CharField(max_length=100, blank=True)
    # A service with a fee: what is owed, and where its payment stands (the payments app
    # keeps the payment; dms knows only this, to show it and to hold the case until paid).
    fee_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    fee_state = models.CharField(max_length=20, choices=FeeState.choices, blank=True)
    fee_reference = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=5, default="ro")  # of the citizen's notices
    answers = models.JSONField(default=dict)
    # The form's labels when it was filed ({name: {"ro": ..., "en": ...}}): the staff read
    # "Nume și prenume", not "full_name", even after the catalog's form changes.
    answer_labels = models.JSONField(default=dict, blank=True)
    submission_key = models.CharField(max_length=64, unique=True)  # one filing per submission
    tracking_token = models.CharField(max_length=64, unique=True, default=tracking_token)
    # Forwarding to another institution; when it is a UAT on the platform, the case it opened
    # there, so the citizen can follow both.
    forwarded_to = models.CharField(max_length=200, blank=True)
    forwarded_to_schema = models.CharField(max_length=63, blank=True)
    forwarded_tracking_url = models.URLField(max_length=300, blank=True)
    origin_institution = models.CharField(max_length=200, blank=True)
    origin_reference = models.CharField(max_length=60, blank=True)
    origin_tracking_url = models.URLField(max_length=300, blank=True)
    archive_file = models.ForeignKey(
        "ArchiveFile", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A legal hold (a dispute, an inquiry) keeps the personal data past its term, while set.
    legal_hold_reason = models.CharField(_("blocare legală"), max_length=300, blank=True)
    # When the retention job pseudonymised the citizen's data (the registry line stays).
    personal_data_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "due_date"], name="case_status_due"),
            # The inbox's order (term, then id), so a page is read off the index, not sorted:
            # on 1M cases, all statuses went from 1.8 s to under 1 ms.
            models.Index(fields=["due_date", "id"], name="case_due"),
            models.Index(fields=["department", "status", "due_date"], name="case_department"),
            models.Index(fields=["assignee", "status"], name="case_assignee"),
        ]

    def __str__(self) -> str:
        return f"case {self.entry.display_number}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class CaseEvent(models.Model):
    """The case's history; append-only (a database trigger refuses changes)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    occurred_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=40)
    visible_to_citizen = models.BooleanField(default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    # Every kind of event, as the citizen's history names it and as the staff's does: one table
    # for both, so no kind is ever shown by its raw key.
    LABELS = {
        "registered": (_("Cerere înregistrată"), _("Înregistrată")),
        "assigned": (_("Repartizată spre soluționare"), _("Repartizată")),
        "started": (_("În lucru"), _("Preluată în lucru")),
        "fee_paid": (_("Taxa achitată"), _("Taxa a fost achitată")),
        "clarification_requested": (
            _("Vi s-au cerut completări"),
            _("Completări cerute cetățeanului"),
        ),
        "citizen_replied": (_("Ați trimis completările"), _("Cetățeanul a trimis completări")),
        "message": (_("Mesaj de la instituție"), _("Mesaj către cetățean")),
        "answered": (_("Răspuns transmis"), _("Răspuns transmis")),
        "rejected": (_("Cerere respinsă"), _("Respinsă")),
        "forwarded": (
            _("Redirecționată către altă instituție"),
            _("Redirecționată către altă instituție"),
        ),
        "forwarded_internal": (_("Trimisă altui compartiment"), _("Trimisă altui compartiment")),
        "filed": (_("Clasată fără răspuns"), _("Clasată fără răspuns")),
        "extended": (_("Termen prelungit"), _("Termen prelungit")),
        "received_forwarded": (
            _("Primită de la altă instituție"),
            _("Primită de la altă instituție"),
        ),
        "document_versioned": (
            _("Versiune nouă a unui document"),
            _("Versiune nouă a unui document"),
        ),
        "note": (_("Notă internă"), _("Notă internă")),
        "handed_over": (
            _("Predată altui coleg"),
            _("Predată altui coleg (cont dezactivat)"),
        ),
    }

    def __str__(self) -> str:
        return f"{self.kind} @ {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        """What the citizen reads in the history."""
        labels = self.LABELS.get(self.kind)
        return str(labels[0]) if labels else self.kind

    @property
    def staff_label(self) -> str:
        """What the staff read in the case's history."""
        labels = self.LABELS.get(self.kind)
        return str(labels[1]) if labels else self.kind
