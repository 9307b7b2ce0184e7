"""The secretary is reminded before an act's prefect term passes and warned once it has: each
act gets one reminder and one warning, and a re-run of the sweep changes nothing."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ghiseu.accounts.models import Role, User
from ghiseu.audit.services import audit_record
from ghiseu.notifications.services import notification_send
from ghiseu.ops.links import absolute_url
from ghiseu.ops.tenancy import current_tenant_record

from .models import Act
from .prefect import remind_due_until


def _keepers() -> list[User]:
    """The secretaries general; without one, the UAT's administrators."""
    secretaries = list(User.objects.filter(role=Role.SECRETARY, is_active=True))
    return secretaries or list(User.objects.filter(role=Role.UAT_ADMIN, is_active=True))


def _notify(act: Act, *, kind: str, users: list[User]) -> None:
    uat = current_tenant_record()
    path = reverse("mol_staff:act", urlconf=settings.ROOT_URLCONF, kwargs={"act_id": act.pk})
    url = absolute_url(uat.get_primary_domain().domain, path) if uat is not None else path
    for user in users:
        notification_send(
            channel="email",
            kind=kind,
            recipient=user.email,
            context={
                "recipient_name": user.full_name or user.email,
                "act": str(act),
                "title": act.title,
                "due_date": f"{act.prefect_due:%d.%m.%Y}" if act.prefect_due else "",
                "act_url": url,
            },
            idempotency_key=f"mol:{act.pk}:{kind}:{act.prefect_due}:{user.pk}",
            language="ro",
        )


@transaction.atomic
def prefect_deadlines_sweep(*, today: date | None = None) -> tuple[int, int]:
    """Returns (reminders, warnings) sent in the current UAT."""
    today = today or timezone.localdate()
    now = timezone.now()
    open_acts = Act.objects.select_for_update(skip_locked=True).filter(
        communicated_on__isnull=True, prefect_due__isnull=False
    )
    users: list[User] | None = None
    reminders = 0
    for act in open_acts.filter(
        prefect_reminded_at__isnull=True,
        prefect_due__gte=today,
        prefect_due__lte=remind_due_until(today),
    ):
        users = _keepers() if users is None else users
        _notify(act, kind="mol.prefect_reminder", users=users)
        act.prefect_reminded_at = now
        act.save(update_fields=["prefect_reminded_at"])
        audit_record(
            actor=None,
            action="mol.prefect_reminded",
            target=act,
            data={"due": f"{act.prefect_due}"},
        )
        reminders += 1
    warnings = 0
    for act in open_acts.filter(prefect_flagged_at__isnull=True, prefect_due__lt=today):
        users = _keepers() if users is None else users
        _notify(act, kind="mol.prefect_overdue", users=users)
        act.prefect_flagged_at = now
        act.save(update_fields=["prefect_flagged_at"])
        audit_record(
            actor=None, action="mol.prefect_overdue", target=act, data={"due": f"{act.prefect_due}"}
        )
        warnings += 1
    return reminders, warnings
