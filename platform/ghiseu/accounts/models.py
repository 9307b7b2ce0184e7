"""Users (per schema: a login on one UAT is worthless on another) and their invitations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("Administrator județean")
    UAT_ADMIN = "uat_admin", _("Administrator UAT")
    SECRETARY = "secretary", _("Secretar general")
    REGISTRAR = "registrar", _("Registratură")
    HEAD = "head", _("Șef de compartiment")
    CLERK = "clerk", _("Funcționar")


# The roles a UAT's administrator hands out; county administrators live in the public schema.
STAFF_ROLES: tuple[str, ...] = (Role.UAT_ADMIN, Role.REGISTRAR, Role.HEAD, Role.CLERK)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, role=Role.COUNTY_ADMIN)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("nume și prenume"), max_length=150, blank=True)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.CLERK)
    is_active = models.BooleanField(_("activ"), default=True)
    is_staff = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set while the account is deactivated: it cannot sign in and its sessions are gone.
    deactivated_at = models.DateTimeField(_("dezactivat la"), null=True, blank=True)
    # Set when an administrator reset the second factor (a lost phone or key): the next
    # sign-in enrols a new one, and from then on the account always needs one.
    two_factor_reset_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []  # Django reads it from the class

    class Meta:
        verbose_name = _("utilizator")
        verbose_name_plural = _("utilizatori")

    def __str__(self) -> str:
        return self.full_name or self.email


class InvitationStatus(models.TextChoices):
    CREATED = "created", _("în așteptare")
    SENDING = "sending", _("se trimite")
    SENT = "sent", _("trimisă")
    FAILED = "failed", _("eșuată")


class Invitation(models.Model):
    """An e-mail asking a new staff member to set a password.

    Persisted before it is queued, claimed by one worker with a conditional update, and
    re-queued by a periodic sweep: a crash between commit and delivery loses nothing.
    The link's token is not stored; it is derived from the user's state and expires.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.CREATED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.status})"


# Models of the account subdomains: Django finds an app's models through this module.
from .sessions.models import StaffSession  # noqa: E402
from .twofactor.models import RecoveryCode, RecoveryCodeSet, WebAuthnCredential  # noqa: E402

__all__ = [
    "Invitation",
    "InvitationStatus",
    "RecoveryCode",
    "RecoveryCodeSet",
    "Role",
    "StaffSession",
    "User",
    "WebAuthnCredential",
]
