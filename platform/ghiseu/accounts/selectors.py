from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User, WebAuthnCredential


def staff_list() -> QuerySet[User]:
    """Every account of the current schema with its latest invitation, whether it has a
    second factor, and its last sign-in: one query."""
    totp = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    passkey = WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)
    return User.objects.annotate(
        last_invited=Max("invitations__created_at"),
        has_totp=Exists(totp),
        has_passkey=Exists(passkey),
    ).order_by("-is_active", "email")


def invitation_expired(user: User) -> bool:
    """An account still without a password whose link is older than its validity."""
    invited = getattr(user, "last_invited", None)
    if user.has_usable_password() or invited is None:
        return False
    return invited < timezone.now() - timedelta(days=settings.GHISEU_INVITATION_DAYS)


def staff_member_get(*, pk: int) -> User | None:
    """A staff account of this schema (other schemas' accounts do not exist here)."""
    return staff_list().filter(pk=pk).first()


def reassign_candidates(*, user: User) -> QuerySet[User]:
    return User.objects.filter(is_active=True).exclude(pk=user.pk).order_by("full_name", "email")
