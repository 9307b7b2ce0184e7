"""A UAT's staff as the county console sees them: who has a second factor, and the reset a
county administrator makes when the UAT's own administrator cannot (their phone is lost,
or they are the one locked out)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from ghiseu.accounts.lifecycle import user_two_factor_reset_by_county
from ghiseu.accounts.models import User
from ghiseu.accounts.twofactor.models import WebAuthnCredential
from ghiseu.audit.services import audit_record

from .models import UAT


@dataclass(frozen=True)
class StaffMember:
    pk: int
    label: str  # name, e-mail and role, as the reset form lists them
    has_second_factor: bool


def uat_staff_for_console(*, uat: UAT) -> list[StaffMember]:
    """The UAT's active staff (one query in its schema)."""
    with schema_context(uat.schema_name):
        rows = (
            User.objects.filter(is_active=True)
            .annotate(
                totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
                passkey=Exists(
                    WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)
                ),
            )
            .order_by("full_name", "email")
        )
        return [
            StaffMember(
                pk=user.pk,
                label=f"{user.full_name or user.email} <{user.email}> — {user.get_role_display()}",
                has_second_factor=bool(user.totp or user.passkey),
            )
            for user in rows
        ]


@transaction.atomic
def uat_staff_two_factor_reset(*, uat: UAT, actor: Any, user_id: int, reason: str) -> None:
    """Reset one staff member's second factor in the UAT's schema (audited there, the member
    e-mailed through the UAT's notifications) and record it on the UAT in the county's log."""
    with schema_context(uat.schema_name):
        member = user_two_factor_reset_by_county(county_admin=actor, user_id=user_id, reason=reason)
    audit_record(
        actor=actor,
        action="uat.staff_two_factor_reset",
        target=uat,
        data={"user_id": member.pk, "email": member.email, "reason": reason.strip()[:300]},
    )
