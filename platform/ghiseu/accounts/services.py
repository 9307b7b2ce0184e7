"""Staff accounts: invitations (persist, then queue) and setting a password from one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ghiseu.audit.services import audit_record
from ghiseu.ops.links import absolute_url
from ghiseu.ops.tenancy import current_tenant_record, tenant_db

from .models import STAFF_ROLES, Invitation, InvitationStatus, Role, User

logger = logging.getLogger(__name__)

MAX_INVITATION_ATTEMPTS = 5
STUCK_AFTER = timedelta(minutes=5)


@transaction.atomic
def user_invite(*, email: str, role: str, full_name: str = "", actor: Any = None) -> User:
    """Create a staff account without a password and queue its invitation e-mail."""
    email = User.objects.normalize_email(email).lower()
    if role not in Role.values:
        raise ValidationError({"role": _("Rol necunoscut.")}, code="invalid_role")
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Există deja un cont cu această adresă de e-mail.")}, code="duplicate_email"
        )
    try:
        with transaction.atomic():
            user = _create_invited(email=email, role=role, full_name=full_name)
    except IntegrityError:  # the same address invited twice at once (a double click)
        raise ValidationError(
            {"email": _("Există deja un cont cu această adresă de e-mail.")},
            code="duplicate_email",
        ) from None
    invitation = Invitation.objects.create(user=user)
    audit_record(actor=actor, action="user.invited", target=user, data={"role": role})
    invitation_queue(invitation_id=invitation.pk)
    return user


def _create_invited(*, email: str, role: str, full_name: str) -> User:
    return User.objects.create_user(
        email,
        full_name=full_name,
        role=role,
        is_superuser=role in {Role.UAT_ADMIN, Role.COUNTY_ADMIN},
    )


def invitation_queue(*, invitation_id: int) -> None:
    """Hand the invitation to a worker once the transaction that created it commits."""
    from .tasks import invitation_deliver

    schema = tenant_db().schema_name

    def enqueue() -> None:
        invitation_deliver.apply_async(args=(invitation_id,), headers={"_schema_name": schema})

    # robust: a broker outage after COMMIT must not turn a committed change into an error;
    # the invitation stays "created" and the periodic sweep queues it again.
    transaction.on_commit(enqueue, robust=True)


def invitation_deliver(*, invitation_id: int) -> bool:
    """Send one invitation; exactly one caller wins the claim. Returns whether it was sent."""
    claimed = Invitation.objects.filter(
        Q(status=InvitationStatus.CREATED)
        | Q(status=InvitationStatus.SENDING, updated_at__lt=timezone.now() - STUCK_AFTER),
        pk=invitation_id,
    ).update(status=InvitationStatus.SENDING, updated_at=timezone.now())
    if not claimed:
        return False
    invitation = Invitation.objects.select_related("user").get(pk=invitation_id)
    try:
        _send_invitation_email(invitation.user)
    except Exception as exc:
        attempts = invitation.attempts + 1
        final = attempts >= MAX_INVITATION_ATTEMPTS
        Invitation.objects.filter(pk=invitation_id).update(
            status=InvitationStatus.FAILED if final else InvitationStatus.CREATED,
            attempts=attempts,
            last_error=str(exc)[:300],
            updated_at=timezone.now(),
        )
        logger.warning("invitation %s not sent (attempt %s): %s", invitation_id, attempts, exc)
        raise
    Invitation.objects.filter(pk=invitation_id).update(
        status=InvitationStatus.SENT,
        sent_at=timezone.now(),
        attempts=invitation.attempts + 1,
        updated_at=timezone.now(),
    )
    return True


def invitations_pending_ids() -> list[int]:
    """Invitations a crash or a lost message left behind."""
    cutoff = timezone.now() - STUCK_AFTER
    return list(
        Invitation.objects.filter(
            Q(status=InvitationStatus.CREATED) | Q(status=InvitationStatus.SENDING),
            updated_at__lt=cutoff,
        ).values_list("pk", flat=True)[:500]
    )


def invitation_link(user: User) -> str:
    """The set-password link on the host of the schema the user belongs to."""
    tenant = current_tenant_record()
    if tenant is None:
        host, urlconf = settings.GHISEU_BASE_DOMAIN, settings.PUBLIC_SCHEMA_URLCONF
    else:
        host, urlconf = tenant.get_primary_domain().domain, settings.ROOT_URLCONF
    path = reverse(
        "accounts:invitation",
        urlconf=urlconf,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(host, path)


def _send_invitation_email(user: User) -> None:
    tenant = current_tenant_record()
    institution = getattr(tenant, "official_name", "") or _("Ghișeu — platforma județului")
    with translation.override("ro"):
        context = {
            "user": user,
            "institution": institution,
            "link": invitation_link(user),
            "role": user.get_role_display(),
        }
        subject = _("Invitație în Ghișeu — %(institution)s") % {"institution": institution}
        subject = " ".join(subject.split())  # a header never carries a line break
        text = render_to_string("accounts/email/invitation.txt", context)
        html = render_to_string("accounts/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()


@transaction.atomic
def user_set_password_from_invitation(*, user: User, password: str) -> User:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="user.password_set", target=user)
    return user


# What other apps say against a role change, each raising ValidationError to refuse it (the
# departments: a head stays a head; nobody loses sight of cases assigned to them). Registered
# from their AppConfig.ready: the platform core imports no domain app.
RoleChangeCheck = Callable[..., None]
_role_change_checks: list[RoleChangeCheck] = []


def role_change_check_register(check: RoleChangeCheck) -> None:
    """Register ``check(*, user, old_role, new_role)``, run inside the role change's lock."""
    if check not in _role_change_checks:
        _role_change_checks.append(check)


@transaction.atomic
def staff_set_role(*, actor: User | None, user_id: int, role: str) -> User:
    """Change a staff account's role. Nobody changes their own; a UAT always keeps an active
    administrator; the registered checks (a department's head stays a head or an
    administrator, ...) may refuse it."""
    if role not in STAFF_ROLES:
        raise ValidationError({"role": _("Rol necunoscut.")}, code="invalid_role")
    # Lock the administrators first, always in the same order: two administrators demoting
    # each other at once are serialised, and the second finds it is no longer one.
    admins = list(
        User.objects.select_for_update()
        .filter(role=Role.UAT_ADMIN, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if actor is not None:
        if not actor.is_authenticated or actor.pk not in admins:
            raise PermissionDenied
        if actor.pk == user_id:
            raise ValidationError(
                _("Nu vă puteți schimba propriul rol; cereți-i altui administrator."),
                code="own_role",
            )
    user = User.objects.select_for_update().filter(pk=user_id, role__in=STAFF_ROLES).first()
    if user is None:
        raise ValidationError(_("Contul nu există."), code="not_found")
    old_role = user.role
    if role == old_role:
        return user
    if old_role == Role.UAT_ADMIN and user.is_active and admins == [user.pk]:
        raise ValidationError(
            _(
                "%(name)s este singurul administrator al instituției; numiți alt "
                "administrator înainte."
            )
            % {"name": str(user)},
            code="last_admin",
        )
    for check in _role_change_checks:
        check(user=user, old_role=old_role, new_role=role)
    user.role = role
    # As user_invite sets it: a UAT's administrators administer everything in their schema.
    user.is_superuser = role == Role.UAT_ADMIN
    user.save(update_fields=["role", "is_superuser"])
    audit_record(
        actor=actor,
        action="user.role_changed",
        target=user,
        data={"role": {"from": old_role, "to": role}},
    )
    return user
