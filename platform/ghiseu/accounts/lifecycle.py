"""An account's life after its invitation: deactivation (its work handed over in the same
step, its sessions ended at once), reactivation, a reset of its second factor, a new
invitation. Only a UAT's administrators do these, each audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ghiseu.audit.services import audit_record
from ghiseu.notifications.services import notification_send

from .models import Invitation, Role, User
from .services import invitation_link, invitation_queue
from .sessions.services import staff_sessions_end_all
from .twofactor.services import devices_remove_all
from .work import open_work_count, open_work_reassign


def _guard(actor: Any, user: User) -> None:
    # Only an active administrator acts, never on their own account: so the last active
    # administrator (who could only be deactivated by themselves) always stays.
    if getattr(actor, "role", None) != Role.UAT_ADMIN or not actor.is_active:
        raise PermissionDenied
    if actor.pk == user.pk:
        raise ValidationError(
            _("Nu puteți face această operație pe propriul cont."), code="own_account"
        )


def _locked(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def user_deactivate(*, actor: Any, user: User, reassign_to: User | None = None) -> User:
    """Deactivate ``user``; their open cases go to ``reassign_to`` in the same transaction."""
    _guard(actor, user)
    locked = _locked(user)
    if not locked.is_active:
        return locked
    open_items = open_work_count(locked)
    reassigned = 0
    if open_items:
        if reassign_to is None:
            raise ValidationError(
                {
                    "reassign_to": _(
                        "Are %(count)s dosare deschise: alegeți colegul care le preia."
                    )
                    % {"count": open_items}
                },
                code="open_work",
            )
        if reassign_to.pk == locked.pk or not reassign_to.is_active:
            raise ValidationError(
                {"reassign_to": _("Dosarele pot trece doar la un coleg activ.")},
                code="reassign_inactive",
            )
        reassigned = open_work_reassign(user=locked, to=reassign_to, actor=actor)
    locked.is_active = False
    locked.deactivated_at = timezone.now()
    locked.save(update_fields=["is_active", "deactivated_at"])
    ended = staff_sessions_end_all(user=locked, actor=actor)
    audit_record(
        actor=actor,
        action="user.deactivated",
        target=locked,
        data={
            "reassigned": reassigned,
            "to": reassign_to.pk if reassign_to and reassigned else None,
            "sessions_ended": ended,
        },
    )
    return locked


@transaction.atomic
def user_reactivate(*, actor: Any, user: User) -> User:
    _guard(actor, user)
    locked = _locked(user)
    if locked.is_active:
        return locked
    locked.is_active = True
    locked.deactivated_at = None
    locked.save(update_fields=["is_active", "deactivated_at"])
    audit_record(actor=actor, action="user.reactivated", target=locked, data={})
    return locked


def _two_factor_reset(locked: User, *, by: str, reason: str, audit_actor: Any) -> int:
    removed = devices_remove_all(user=locked)
    staff_sessions_end_all(user=locked, actor=audit_actor)
    now = timezone.now()
    locked.two_factor_reset_at = now
    locked.save(update_fields=["two_factor_reset_at"])
    audit_record(
        actor=audit_actor,
        action="2fa.reset",
        target=locked,
        data={"devices": removed, "by": by, "reason": reason},
        actor_label=None if audit_actor is not None else by,
    )
    notification_send(
        channel="email",
        kind="accounts.two_factor_reset",
        recipient=locked.email,
        context={
            "name": locked.full_name or locked.email,
            "admin": by,
            "reason": reason,
            "when": timezone.localtime(now).strftime("%d.%m.%Y %H:%M"),
        },
        idempotency_key=f"2fa-reset:{locked.pk}:{now.timestamp():.6f}",
    )
    return removed


@transaction.atomic
def user_two_factor_reset(*, actor: Any, user: User, reason: str = "") -> int:
    """For a lost device: every second factor of ``user`` goes, their sessions end, and they
    are told by e-mail; their next sign-in sets up a new factor."""
    _guard(actor, user)
    return _two_factor_reset(
        _locked(user),
        by=actor.full_name or actor.email,
        reason=" ".join((reason or "").split())[:300],
        audit_actor=actor,
    )


@transaction.atomic
def user_two_factor_reset_by_county(*, county_admin: Any, user_id: int, reason: str) -> User:
    """The same reset asked by a county administrator (the UAT's own administrator may be
    the one who lost the phone), in the current UAT's schema. The county administrator is
    no user of this schema: the UAT's audit event names them by e-mail."""
    if getattr(county_admin, "role", None) != Role.COUNTY_ADMIN:
        raise PermissionDenied
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise ValidationError({"reason": _("Scrieți motivul resetării.")}, code="reason")
    locked = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
    if locked is None:
        raise ValidationError(
            {"user": _("Alegeți un membru activ al personalului acestei instituții.")},
            code="user",
        )
    by = _("%(name)s (Consiliul Județean)") % {"name": county_admin.full_name or county_admin.email}
    if not _two_factor_reset(locked, by=by, reason=reason, audit_actor=None):
        raise ValidationError(
            {"user": _("Contul nu are nicio metodă de verificare de resetat.")}, code="no_factor"
        )
    return locked


@transaction.atomic
def invitation_resend(*, actor: Any, user: User) -> Invitation:
    """A new link for someone whose invitation expired (the old link stops working)."""
    _guard(actor, user)
    locked = _locked(user)
    if locked.has_usable_password() or not locked.is_active:
        raise ValidationError(
            _("Contul este deja folosit; nu mai are nevoie de invitație."), code="not_invited"
        )
    # A new unusable password changes the token's inputs: any older link is now void.
    locked.password = make_password(None)
    locked.save(update_fields=["password"])
    invitation = Invitation.objects.create(user=locked)
    audit_record(actor=actor, action="user.invitation_resent", target=locked, data={})
    invitation_queue(invitation_id=invitation.pk)
    return invitation


__all__ = [
    "invitation_link",
    "invitation_resend",
    "user_deactivate",
    "user_reactivate",
    "user_two_factor_reset",
    "user_two_factor_reset_by_county",
]
