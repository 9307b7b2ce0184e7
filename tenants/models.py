"""The UAT (tenant) and its domains; the template SQL that creates new UAT schemas fast."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from . import validators


class UATKind(models.TextChoices):
    JUDET = "judet", _("Județ")
    MUNICIPIU = "municipiu", _("Municipiu")
    ORAS = "oras", _("Oraș")
    COMUNA = "comuna", _("Comună")


class UATStatus(models.TextChoices):
    ACTIVE = "active", _("Activ")
    SUSPENDED = "suspended", _("Suspendat")
    ARCHIVED = "archived", _("Arhivat")


def coat_of_arms_key(instance: UAT, filename: str) -> str:
    # Object-storage keys start with the tenant's schema; the content hash names the file, so a
    # new image never overwrites one a cached page still points at.
    extension = filename.rsplit(".", 1)[-1].lower()
    digest = instance.coat_of_arms_sha256[:16]
    return f"{instance.schema_name}/branding/coat-of-arms-{digest}.{extension}"


class UAT(TenantMixin):
    # Schemas are created by tenants.schema_template (a replayed SQL template), not by
    # django-tenants' migrations-on-save, and never dropped implicitly.
    auto_create_schema = False
    auto_drop_schema = False

    slug = models.CharField(
        _("subdomeniu"),
        max_length=40,
        unique=True,
        validators=[validators.validate_slug],
        error_messages={"unique": _("Subdomeniul este deja folosit.")},
    )
    official_name = models.CharField(
        _("denumire oficială"), max_length=200, validators=[validators.validate_single_line]
    )
    short_name = models.CharField(
        _("denumire scurtă"), max_length=80, validators=[validators.validate_single_line]
    )
    kind = models.CharField(_("tip"), max_length=12, choices=UATKind.choices)
    county = models.CharField(_("județ"), max_length=60)
    siruta = models.PositiveIntegerField(
        _("cod SIRUTA"),
        unique=True,
        validators=[validators.validate_siruta],
        error_messages={"unique": _("Codul SIRUTA este deja folosit de alt UAT.")},
    )
    fiscal_code = models.CharField(
        _("cod de identificare fiscală"),
        max_length=12,
        blank=True,
        validators=[validators.validate_fiscal_code],
    )
    address = models.CharField(_("adresă"), max_length=300, blank=True)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = models.CharField(
        _("telefon"), max_length=30, blank=True, validators=[validators.validate_phone]
    )
    opening_hours = models.CharField(_("program de lucru cu publicul"), max_length=200, blank=True)
    website = models.URLField(_("site web"), blank=True)
    languages = models.CharField(_("limbi oferite"), max_length=40, default="ro,en")
    primary_color = models.CharField(
        _("culoare principală"),
        max_length=7,
        default="#1f4e79",
        validators=[validators.validate_hex_color],
    )
    secondary_color = models.CharField(
        _("culoare secundară"),
        max_length=7,
        default="#f2c14e",
        validators=[validators.validate_hex_color],
    )
    coat_of_arms = models.FileField(_("stemă"), upload_to=coat_of_arms_key, blank=True)
    coat_of_arms_sha256 = models.CharField(max_length=64, blank=True)
    coat_of_arms_content_type = models.CharField(max_length=40, blank=True)
    # SMS segments a month the county pays for; None means no limit. Over it, e-mail only.
    sms_quota_monthly = models.PositiveIntegerField(
        _("cotă lunară SMS (segmente)"), null=True, blank=True, default=1000
    )
    # Two-factor sign-in for every staff member, not only the roles that always need it.
    two_factor_for_all_staff = models.BooleanField(
        _("verificare în doi pași pentru tot personalul"), default=False
    )
    status = models.CharField(
        _("stare"), max_length=12, choices=UATStatus.choices, default=UATStatus.ACTIVE
    )
    status_reason = models.CharField(_("motivul stării"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("UAT")
        verbose_name_plural = _("UAT-uri")
        ordering = ["official_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in UATStatus]),
                name="uat_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.official_name

    @property
    def is_active(self) -> bool:
        return self.status == UATStatus.ACTIVE

    @property
    def theme_version(self) -> str:
        """Changes whenever the branding does, so browsers may cache the theme for a year."""
        return f"{self.primary_color}{self.secondary_color}{self.coat_of_arms_sha256[:8]}".replace(
            "#", ""
        )


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domeniu")
        verbose_name_plural = _("domenii")


class SchemaTemplate(models.Model):
    """The SQL that recreates a UAT schema at the latest migration, taken once per code version.

    Keyed by a fingerprint of the migration graph, so a deploy with new migrations takes a new one.
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    sql = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"schema template {self.fingerprint[:12]}"


class DomainClaimStatus(models.TextChoices):
    PENDING = "pending", _("așteaptă dovada")
    PROVEN = "proven", _("dovedit, așteaptă aprobarea județului")
    APPROVED = "approved", _("aprobat, activ")
    REJECTED = "rejected", _("respins")
    WITHDRAWN = "withdrawn", _("retras")


ACTIVE_CLAIM_STATUSES = (
    DomainClaimStatus.PENDING,
    DomainClaimStatus.PROVEN,
    DomainClaimStatus.APPROVED,
)


class DomainClaim(models.Model):
    """A UAT's own domain (e.g. primaria-resita.ro): proven by an HTTP file or a DNS TXT
    record, approved by the county; only then does a Domain row route it to the portal."""

    uat = models.ForeignKey(UAT, on_delete=models.CASCADE, related_name="domain_claims")
    hostname = models.CharField(_("domeniu"), max_length=253)
    token = models.CharField(max_length=64)
    status = models.CharField(
        max_length=10, choices=DomainClaimStatus.choices, default=DomainClaimStatus.PENDING
    )
    proof_method = models.CharField(max_length=8, blank=True)  # "http" or "dns"
    last_check_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    proven_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=254, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live claim per hostname, whichever UAT makes it: the database decides a race.
            models.UniqueConstraint(
                fields=["hostname"],
                condition=models.Q(status__in=["pending", "proven", "approved"]),
                name="domain_claim_one_live_per_hostname",
            )
        ]

    def __str__(self) -> str:
        return f"{self.hostname} ({self.status})"
