"""Notifications live in the UAT's schema; each is persisted before anything is queued."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Status(models.TextChoices):
    CREATED = "created", _("în coadă")
    SENDING = "sending", _("se trimite")
    SENT = "sent", _("trimisă")
    # The worker stopped between handing the message over and hearing back, on a transport
    # that cannot collapse a repeat: it is not sent again (staff may), and counts as sent.
    UNCONFIRMED = "unconfirmed", _("predată, fără confirmare")
    DELIVERED = "delivered", _("livrată")
    TEMPORARY_FAILURE = "temporary-failure", _("eșec temporar, se reîncearcă")
    PERMANENT_FAILURE = "permanent-failure", _("eșec definitiv")
    TECHNICAL_FAILURE = "technical-failure", _("eșec tehnic")
    SKIPPED = "skipped", _("netrimisă")


FINAL_FAILURES = (Status.PERMANENT_FAILURE, Status.TECHNICAL_FAILURE, Status.SKIPPED)
CLAIMABLE = (Status.CREATED, Status.TEMPORARY_FAILURE)
# What staff may send again: a final failure, or a hand-over nobody confirmed.
RETRYABLE = (*FINAL_FAILURES, Status.UNCONFIRMED)
# A provider has (or, unconfirmed, most likely has) the message: it is counted as used.
HANDED_OVER = (Status.SENT, Status.DELIVERED, Status.UNCONFIRMED)


class Notification(models.Model):
    # The uuid travels to providers (Message-ID, SMS reference): a re-send after a crash
    # carries the same identity, so the recipient's side collapses it to one message.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    kind = models.CharField(max_length=60)
    language = models.CharField(max_length=5, default="ro")
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=300, blank=True)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CREATED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    provider_reference = models.CharField(max_length=200, blank=True, db_index=True)
    sms_segments = models.PositiveSmallIntegerField(default=0)
    sms_encoding = models.CharField(max_length=5, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Committed just before the transport is called, under the claim: a worker that finds it
    # set on a row it claims knows an earlier hand-over may have reached the provider.
    handover_started_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "updated_at"]),
            # What a drain claims next, oldest first: a few rows among a UAT's history.
            models.Index(
                fields=["id"], condition=models.Q(status="created"), name="notification_waiting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} → {self.status}"

    @property
    def is_final_failure(self) -> bool:
        return self.status in FINAL_FAILURES

    @property
    def may_retry(self) -> bool:
        return self.status in RETRYABLE

    @property
    def delay_seconds(self) -> float | None:
        if self.sent_at is None:
            return None
        return (self.sent_at - self.created_at).total_seconds()


class TemplateOverride(models.Model):
    """A UAT administrator's wording for one kind, channel and language (checked on save)."""

    kind = models.CharField(max_length=60)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    language = models.CharField(max_length=5, default="ro")
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "channel", "language"], name="notification_override_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.channel}/{self.language}"
