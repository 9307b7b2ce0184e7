"""Writing audit events; called by every service that changes state, in its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from ghiseu.ops.context import current_request_id

from .models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    event = audit_event_build(
        actor=actor, action=action, target=target, data=data, actor_label=actor_label
    )
    event.save()
    return event


def audit_event_build(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """The event about ``target``, not yet written: for a service that writes it in one
    statement with others (the registry's number, dms.registry.entries)."""
    return _event(
        actor=actor,
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        data=data,
        actor_label=actor_label,
    )


def audit_record_about(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """An event about something that is not one row (a job's run, a citizen's request).
    ``actor_label`` names an actor who is no user of this schema (a county administrator
    acting on a UAT); ``actor`` is then None."""
    event = _event(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        data=data,
        actor_label=actor_label,
    )
    event.save()
    return event


def _event(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any] | None,
    actor_label: str | None = None,
) -> AuditEvent:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        actor_id=actor.pk if authenticated else None,
        actor_label=(actor.get_username() if authenticated else (actor_label or "system"))[:254],
        action=action,
        object_type=object_type,
        object_id=object_id[:64],
        data=data or {},
        request_id=current_request_id.get() if current_request_id.get() != "-" else "",
    )


def audit_record_many(
    *,
    actor: Any,
    action: str,
    model: type[models.Model],
    items: Iterable[tuple[object, dict[str, Any]]],
) -> int:
    """One event per (object id, data) of ``model``, in one INSERT (a nightly job may open
    hundreds of entries at once)."""
    events = [
        _event(
            actor=actor,
            action=action,
            object_type=model._meta.label_lower,
            object_id=str(object_id),
            data=data,
        )
        for object_id, data in items
    ]
    AuditEvent.objects.bulk_create(events)
    return len(events)
