"""Saving, resuming and forgetting drafts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from dms.archive.erasure import notifications_erase
from dms.documents.files import file_promote
from ghiseu.notifications.services import notification_send
from ghiseu.ops.tenancy import tenant_db
from services_catalog.submission import answered_files

from .models import Draft

FOLDER = "drafts"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _files_kept(answers: dict[str, Any]) -> dict[str, Any]:
    """Uploaded files move out of the pending folder (swept after a day) into drafts/; a
    file answer is a list of stored files."""
    moved = dict(answers)
    for name, files in answered_files(answers).items():
        moved[name] = [file_promote(stored, folder=FOLDER) for stored in files]
    return moved


@transaction.atomic
def draft_save(
    *,
    service_code: str,
    version: int,
    answers: dict[str, Any],
    citizen_ref: int | None = None,
    email: str = "",
    draft: Draft | None = None,
) -> Draft:
    """Save (or save again) a draft; it lives DRAFTS_KEEP_DAYS from now."""
    answers = _files_kept(answers)
    expires_at = timezone.now() + timedelta(days=settings.DRAFTS_KEEP_DAYS)
    if draft is None:
        draft = Draft(service_code=service_code)
    old_files = _keys(draft.answers) if draft.pk else set()
    draft.version, draft.answers = version, answers
    draft.citizen_ref, draft.email, draft.expires_at = citizen_ref, email, expires_at
    draft.save()
    _after_commit_delete(old_files - _keys(answers))
    return draft


def draft_link_send(*, draft: Draft, link_template: str, service_title: str, language: str) -> None:
    """A new single-use link to the draft, by e-mail; an earlier link stops working."""
    token = secrets.token_urlsafe(32)
    Draft.objects.filter(pk=draft.pk).update(link_digest=_digest(token), link_used_at=None)
    notification_send(
        channel="email",
        kind="portal.draft_link",
        recipient=draft.email,
        context={
            "service": service_title,
            "url": link_template.format(token=token),
            "days": settings.DRAFTS_KEEP_DAYS,
            "until": f"{timezone.localtime(draft.expires_at):%d.%m.%Y}",
        },
        idempotency_key=f"draft-link:{draft.pk}:{_digest(token)[:16]}",
        language=language,
    )


def draft_resume_by_link(*, token: str) -> Draft | None:
    """The draft the link opens, once: the link is spent as it is used."""
    digest = _digest(token or "-")
    spent = Draft.objects.filter(
        link_digest=digest, link_used_at__isnull=True, expires_at__gt=timezone.now()
    ).update(link_used_at=timezone.now())
    return Draft.objects.filter(link_digest=digest).first() if spent else None


def draft_discard(*, draft: Draft) -> None:
    keys = _keys(draft.answers)
    draft.delete()
    _after_commit_delete(keys)


def drafts_expire(*, now: Any = None) -> int:
    """Delete this UAT's expired drafts and the files no other draft still uses."""
    expired = list(Draft.objects.filter(expires_at__lte=now or timezone.now()))
    keys: set[str] = set()
    for draft in expired:
        keys |= _keys(draft.answers)
    Draft.objects.filter(pk__in=[draft.pk for draft in expired]).delete()
    _delete_unused(keys)
    # The e-mail that carried a draft's link kept the address and the link: they go with it.
    notifications_erase(keys=[f"draft-link:{draft.pk}:" for draft in expired])
    return len(expired)


def _keys(answers: dict[str, Any]) -> set[str]:
    return {
        str(stored["storage_key"])
        for files in answered_files(answers).values()
        for stored in files
        if str(stored.get("storage_key", "")).count(f"/{FOLDER}/")
    }


def _after_commit_delete(keys: set[str]) -> None:
    """Files go only once the drafts that named them are gone for good (COMMIT), in the
    schema of this UAT (the callback may run after the request reset the connection)."""
    if not keys:
        return
    schema = tenant_db().schema_name

    def delete() -> None:
        with schema_context(schema):
            _delete_unused(keys)

    transaction.on_commit(delete, robust=True)


def _delete_unused(keys: set[str]) -> None:
    still_used: set[str] = set()
    for answers in Draft.objects.values_list("answers", flat=True):
        still_used |= _keys(answers)
    for key in keys - still_used:
        default_storage.delete(key)
