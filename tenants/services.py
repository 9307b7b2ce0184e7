"""Writes on UATs: onboarding (one service for the console and the command) and status."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, ProgrammingError, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from ghiseu.accounts.models import Role
from ghiseu.accounts.services import user_invite
from ghiseu.audit.services import audit_record
from ghiseu.ops.tenancy import tenant_db

from . import schema_template
from .branding import CheckedImage, coat_of_arms_check
from .models import UAT, Domain, UATStatus, coat_of_arms_key
from .signals import uat_onboarded

logger = logging.getLogger(__name__)

DUPLICATE_SCHEMA = "42P06"
MAX_EMAIL_LENGTH = 254


@dataclass
class OnboardingData:
    official_name: str
    short_name: str
    kind: str
    slug: str
    siruta: int
    admin_email: str
    primary_color: str = "#1f4e79"
    secondary_color: str = "#f2c14e"
    coat_of_arms: UploadedFile | None = None
    county: str = ""
    fiscal_code: str = ""
    address: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    opening_hours: str = ""
    website: str = ""
    languages: str = "ro,en"
    extra: dict[str, Any] = field(default_factory=dict)


def primary_domain_for(slug: str) -> str:
    return f"{slug}.{settings.GHISEU_BASE_DOMAIN}"


def uat_onboard(*, data: OnboardingData, actor: Any = None) -> UAT:
    """Create a UAT, its schema, its portal domain and its first administrator, all or nothing.

    The schema comes from the SQL template (tenants.schema_template); everything, schema
    included, happens in one transaction, so a failure half-way leaves nothing behind.
    """
    uat, image = _validated(data)
    if image:
        uat.coat_of_arms_sha256 = image.sha256
        uat.coat_of_arms_content_type = image.content_type
    try:
        sql: str | None = schema_template.template_sql()
    except schema_template.TemplateUnavailable as reason:
        logger.warning("onboarding %s by migrations: %s", data.slug, reason)
        sql = None

    stored_key = ""
    committed = False
    try:
        with transaction.atomic():
            tenant_db().set_schema_to_public()
            if sql is not None:
                schema_template.schema_create_from_template(uat.schema_name, sql)
            else:
                schema_template.schema_create_by_migrations(uat.schema_name)
            if image:
                stored_key = default_storage.save(
                    coat_of_arms_key(uat, f"stema.{image.extension}"), ContentFile(image.content)
                )
                uat.coat_of_arms.name = stored_key
            uat.save()
            Domain.objects.create(domain=primary_domain_for(uat.slug), tenant=uat, is_primary=True)
            audit_record(
                actor=actor,
                action="uat.onboarded",
                target=uat,
                data={"slug": uat.slug, "siruta": uat.siruta, "kind": uat.kind},
            )
            with schema_context(uat.schema_name):
                user_invite(
                    email=data.admin_email,
                    role=Role.UAT_ADMIN,
                    full_name=_("Administrator %(name)s") % {"name": uat.short_name},
                )
                uat_onboarded.send(sender=UAT, uat=uat)
            tenant_db().set_schema_to_public()
        committed = True
    except (IntegrityError, ProgrammingError) as error:
        # A concurrent onboarding of the same slug or SIRUTA got there first.
        _discard(stored_key)
        if isinstance(error, ProgrammingError) and getattr(error.__cause__, "sqlstate", "") != (
            DUPLICATE_SCHEMA
        ):
            raise
        raise ValidationError(
            _("Subdomeniul sau codul SIRUTA este deja folosit de alt UAT."), code="duplicate"
        ) from error
    except BaseException:
        if not committed:
            _discard(stored_key)
        raise
    return uat


def _validated(data: OnboardingData) -> tuple[UAT, CheckedImage | None]:
    """Every problem of the request at once, so the form shows them all in one go."""
    errors: dict[str, list[str]] = {}
    image = None
    try:
        uat = _uat_build(data)
    except ValidationError as error:
        errors.update(error.message_dict)
    if data.coat_of_arms:
        try:
            image = coat_of_arms_check(data.coat_of_arms)
        except ValidationError as error:
            errors["coat_of_arms"] = error.messages
    if errors:
        raise ValidationError(errors)
    return uat, image


def _uat_build(data: OnboardingData) -> UAT:
    slug = (data.slug or "").strip().lower()
    uat = UAT(
        schema_name=slug.replace("-", "_"),
        slug=slug,
        official_name=data.official_name.strip(),
        short_name=data.short_name.strip(),
        kind=data.kind,
        county=data.county or settings.GHISEU_COUNTY_NAME,
        siruta=data.siruta,
        fiscal_code=data.fiscal_code.strip().upper().removeprefix("RO"),
        address=data.address.strip(),
        contact_email=data.contact_email.strip(),
        contact_phone=data.contact_phone.strip(),
        opening_hours=data.opening_hours.strip(),
        website=data.website.strip(),
        languages=data.languages,
        primary_color=data.primary_color.lower(),
        secondary_color=data.secondary_color.lower(),
    )
    errors: dict[str, list[str]] = {}
    try:
        uat.full_clean(exclude=["schema_name", "coat_of_arms"])
    except ValidationError as error:
        errors.update(error.message_dict)
    taken = Domain.objects.filter(domain=primary_domain_for(slug)).exists() or schema_exists(
        uat.schema_name
    )
    if taken and "slug" not in errors:
        errors["slug"] = [_("Subdomeniul este deja folosit.")]
    try:
        validate_email(data.admin_email)
        if len(data.admin_email) > MAX_EMAIL_LENGTH:
            raise ValidationError("too long")
    except ValidationError:
        errors["admin_email"] = [_("Adresa de e-mail a administratorului nu este validă.")]
    if errors:
        raise ValidationError(errors)
    return uat


def _discard(stored_key: str) -> None:
    if stored_key:
        default_storage.delete(stored_key)


@transaction.atomic
def uat_set_status(*, uat: UAT, status: str, reason: str = "", actor: Any = None) -> UAT:
    if status not in UATStatus.values:
        raise ValidationError({"status": _("Stare necunoscută.")}, code="invalid_status")
    locked = UAT.objects.select_for_update().get(pk=uat.pk)
    if locked.status == status:
        return locked
    previous = locked.status
    locked.status, locked.status_reason = status, reason.strip()[:300]
    locked.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="uat.status_changed",
        target=locked,
        data={"from": previous, "to": status, "reason": locked.status_reason},
    )
    return locked


@transaction.atomic
def uat_set_sms_quota(*, uat: UAT, quota: int | None, actor: Any = None) -> UAT:
    """The SMS segments a month the county pays for this UAT (None: no limit)."""
    if quota is not None and quota < 0:
        raise ValidationError({"sms_quota_monthly": _("Cota nu poate fi negativă.")})
    locked = UAT.objects.select_for_update().get(pk=uat.pk)
    previous = locked.sms_quota_monthly
    locked.sms_quota_monthly = quota
    locked.save(update_fields=["sms_quota_monthly", "updated_at"])
    audit_record(
        actor=actor,
        action="uat.sms_quota_changed",
        target=locked,
        data={"from": previous, "to": quota},
    )
    return locked
