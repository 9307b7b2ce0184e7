"""A saved, unfinished form. A signed-in citizen finds it in their account; anyone else
gets a single-use link at the e-mail address they gave (which proves that address). Both
kinds are deleted, with their files, once they expire."""

from __future__ import annotations

from django.db import models


class Draft(models.Model):
    service_code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)  # files as stored-file descriptions (drafts/)
    citizen_ref = models.BigIntegerField(null=True, blank=True, db_index=True)  # citizens.Citizen
    email = models.EmailField(blank=True)
    link_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    link_used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"draft {self.pk} of {self.service_code}"


class HeldSubmission(models.Model):
    """A proven submission of a service whose fee is paid before registration: it waits
    here (not in the session: the processor's callback registers it) until paid."""

    key = models.CharField(max_length=64, unique=True)  # the submission key, as in the session
    service_code = models.SlugField(max_length=60)
    pending = models.JSONField()  # services_catalog.submission.Pending, as it was proven
    tracking_url_template = models.URLField(max_length=300)
    language = models.CharField(max_length=5, default="ro")
    case_id = models.BigIntegerField(null=True, blank=True)  # once registered
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"held submission {self.key} of {self.service_code}"
