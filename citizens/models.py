"""A citizen's identity, one for the county, in the public schema.

It holds only what an e-ID provider gave (CNP, name, address) and what the citizen chose to
keep (an e-mail address and a phone number for their requests). A citizen signs in on a UAT's
portal; the session stays that portal's own (host-only), only the identity is shared.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Citizen(models.Model):
    # A provider that gives the CNP links every provider's login of that person to one identity.
    cnp = models.CharField(max_length=13, unique=True, null=True, blank=True)
    given_name = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=150, blank=True)
    address = models.CharField(max_length=500, blank=True)
    kept_email = models.EmailField(blank=True)
    kept_phone = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    signed_in_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.full_name or f"citizen {self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class CitizenLogin(models.Model):
    """One provider's subject for a citizen: (provider, sub) is how the provider names them."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="logins")
    provider = models.CharField(max_length=30)
    subject = models.CharField(max_length=255)
    assurance = models.CharField(max_length=100, blank=True)
    used_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="citizen_login_unique")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"


class SignInOutcome(models.TextChoices):
    STARTED = "started", _("începută")
    SIGNED_IN = "signed_in", _("reușită")
    FAILED = "failed", _("eșuată")
    REDEEMED = "redeemed", _("încheiată pe portal")


class SignIn(models.Model):
    """One sign-in, from the UAT's portal to the provider, through the county's callback, and
    back to the portal by a single-use ticket. Secrets are kept as SHA-256 digests where only
    a comparison is needed; the PKCE verifier and the nonce are needed as they are."""

    state_digest = models.CharField(max_length=64, unique=True)
    browser_digest = models.CharField(max_length=64)  # the portal session's half of the pair
    provider = models.CharField(max_length=30)
    schema_name = models.CharField(max_length=63)
    return_origin = models.CharField(max_length=300)  # scheme://host[:port] of the portal
    return_path = models.CharField(max_length=500)
    nonce = models.CharField(max_length=100)
    code_verifier = models.CharField(max_length=128)
    outcome = models.CharField(
        max_length=20, choices=SignInOutcome.choices, default=SignInOutcome.STARTED
    )
    error = models.CharField(max_length=40, blank=True)
    citizen = models.ForeignKey(Citizen, null=True, blank=True, on_delete=models.CASCADE)
    assurance = models.CharField(max_length=100, blank=True)
    ticket_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="signin_created_idx")]

    def __str__(self) -> str:
        return f"sign-in {self.pk} via {self.provider}: {self.outcome}"


class FiledRequest(models.Model):
    """One line of a signed-in citizen's county-wide "my requests": written by the filing
    service of the UAT where the request was filed. It holds what the citizen needs to find
    the request (number, UAT, service, the tracking page on that UAT's portal); the status is
    read from that UAT's schema, for this citizen's own cases only. No staff page reads it."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="filed")
    schema_name = models.CharField(max_length=63)
    case_id = models.BigIntegerField()
    uat_name = models.CharField(max_length=200)
    number = models.CharField(max_length=40)
    service_title = models.CharField(max_length=200)
    tracking_url = models.URLField(max_length=500)
    filed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["schema_name", "case_id"], name="filed_request_unique")
        ]
        indexes = [models.Index(fields=["citizen", "-filed_at"], name="filed_by_citizen_idx")]

    def __str__(self) -> str:
        return f"{self.number} at {self.uat_name}"
