"""A UAT administrator's own settings: contacts, hours, languages, colours, coat of arms, and
whether every staff member signs in with a second factor. Every change is audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ghiseu.audit.services import audit_record

from ..branding import coat_of_arms_check
from ..models import UAT, coat_of_arms_key

EDITABLE = (
    "address",
    "contact_email",
    "contact_phone",
    "opening_hours",
    "website",
    "languages",
    "primary_color",
    "secondary_color",
    "two_factor_for_all_staff",
)


def _languages(value: Any) -> str:
    offered = {code for code, _name in settings.LANGUAGES}
    chosen = [code for code in (value or []) if code in offered]
    if settings.LANGUAGE_CODE not in chosen:
        chosen.insert(0, settings.LANGUAGE_CODE)  # Romanian is always offered
    return ",".join(dict.fromkeys(chosen))


@transaction.atomic
def uat_profile_update(*, uat: UAT, actor: Any, data: dict[str, Any]) -> UAT:
    locked = UAT.objects.select_for_update().get(pk=uat.pk)
    cleaned = {key: data[key] for key in EDITABLE if key in data}
    if "languages" in cleaned:
        cleaned["languages"] = _languages(cleaned["languages"])
    for key in ("primary_color", "secondary_color"):
        if key in cleaned:
            cleaned[key] = str(cleaned[key]).lower()
    for key in ("address", "opening_hours", "website", "contact_email", "contact_phone"):
        if key in cleaned:
            cleaned[key] = str(cleaned[key] or "").strip()
    changes = {
        key: [getattr(locked, key), value]
        for key, value in cleaned.items()
        if getattr(locked, key) != value
    }
    if not changes:
        return locked
    for key, (_old, new) in changes.items():
        setattr(locked, key, new)
    locked.full_clean(exclude=["schema_name", "coat_of_arms", "slug", "siruta"])
    locked.save(update_fields=[*changes, "updated_at"])
    audit_record(actor=actor, action="uat.profile_changed", target=locked, data=changes)
    return locked


def uat_coat_of_arms_replace(*, uat: UAT, actor: Any, upload: UploadedFile) -> UAT:
    """A new coat of arms, checked by its content; the old file is kept (cached pages)."""
    image = coat_of_arms_check(upload)
    key = ""
    try:
        with transaction.atomic():
            locked = UAT.objects.select_for_update().get(pk=uat.pk)
            if locked.coat_of_arms_sha256 == image.sha256:
                return locked
            previous = locked.coat_of_arms_sha256
            locked.coat_of_arms_sha256 = image.sha256
            locked.coat_of_arms_content_type = image.content_type
            key = default_storage.save(
                coat_of_arms_key(locked, f"stema.{image.extension}"), ContentFile(image.content)
            )
            locked.coat_of_arms.name = key
            locked.save(
                update_fields=[
                    "coat_of_arms",
                    "coat_of_arms_sha256",
                    "coat_of_arms_content_type",
                    "updated_at",
                ]
            )
            audit_record(
                actor=actor,
                action="uat.coat_of_arms_changed",
                target=locked,
                data={"from": previous[:16], "to": image.sha256[:16]},
            )
    except BaseException:
        if key:
            default_storage.delete(key)
        raise
    return locked
