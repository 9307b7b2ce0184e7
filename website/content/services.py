"""Writes on announcements and pages: saved as drafts, published and unpublished, each change
audited in its transaction. HTML is sanitized here too, whatever the caller did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ghiseu.audit.services import audit_record
from ghiseu.ops.text import fold
from website.documents import CheckedFile, site_file_store
from website.sanitize import plain_text, sanitized

from .models import (
    PUBLIC_INFORMATION_PARTS,
    Announcement,
    AnnouncementFile,
    Category,
    Page,
    PageKind,
)

MAX_FILES = 10


@dataclass(frozen=True)
class AnnouncementData:
    title: str
    category: str
    body_html: str
    summary: str = ""
    expires_on: date | None = None


def _slug_for(title: str, *, exclude: int | None = None) -> str:
    base = slugify(fold(title))[:100] or "anunt"
    slug, n = base, 1
    taken = Announcement.objects.exclude(pk=exclude) if exclude else Announcement.objects.all()
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check(data: AnnouncementData) -> tuple[str, str]:
    title = " ".join(data.title.split())
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Scrieți titlul anunțului.")
    if data.category not in Category.values:
        errors["category"] = _("Alegeți categoria.")
    if data.expires_on is not None and data.expires_on < timezone.localdate():
        errors["expires_on"] = _("Data de expirare a trecut deja.")
    if errors:
        raise ValidationError(errors)
    return title[:300], sanitized(data.body_html)


def _search_text(announcement: Announcement) -> str:
    return fold(
        " ".join([announcement.title, announcement.summary, plain_text(announcement.body_html)])
    )


@transaction.atomic
def announcement_save(
    *, user: Any, data: AnnouncementData, announcement_id: int | None = None
) -> Announcement:
    """Create a draft, or change one (published or not): the change is audited."""
    title, body = _check(data)
    if announcement_id is None:
        announcement = Announcement(slug=_slug_for(title))
        action = "site.announcement_created"
    else:
        found = Announcement.objects.select_for_update().filter(pk=announcement_id).first()
        if found is None:
            raise ValidationError(_("Anunțul nu există."), code="not_found")
        announcement, action = found, "site.announcement_changed"
    announcement.title, announcement.category, announcement.body_html = title, data.category, body
    announcement.summary = " ".join(data.summary.split())[:300] or plain_text(body)[:200]
    announcement.expires_on = data.expires_on
    announcement.search_text = _search_text(announcement)
    announcement.save()
    audit_record(
        actor=user,
        action=action,
        target=announcement,
        data={"title": title, "category": data.category},
    )
    return announcement


def _locked(announcement_id: int) -> Announcement:
    found = Announcement.objects.select_for_update().filter(pk=announcement_id).first()
    if found is None:
        raise ValidationError(_("Anunțul nu există."), code="not_found")
    return found


@transaction.atomic
def announcement_publish(*, user: Any, announcement_id: int) -> Announcement:
    announcement = _locked(announcement_id)
    if announcement.published_at is None:
        announcement.published_at = timezone.now()
        announcement.save(update_fields=["published_at", "updated_at"])
        audit_record(actor=user, action="site.announcement_published", target=announcement)
    return announcement


@transaction.atomic
def announcement_unpublish(*, user: Any, announcement_id: int) -> Announcement:
    announcement = _locked(announcement_id)
    if announcement.published_at is not None:
        announcement.published_at = None
        announcement.save(update_fields=["published_at", "updated_at"])
        audit_record(actor=user, action="site.announcement_unpublished", target=announcement)
    return announcement


@transaction.atomic
def announcement_file_add(
    *, user: Any, announcement_id: int, checked: CheckedFile
) -> AnnouncementFile:
    announcement = _locked(announcement_id)
    if announcement.files.count() >= MAX_FILES:
        raise ValidationError({"file": _("Cel mult %(n)s fișiere.") % {"n": MAX_FILES}})
    stored = site_file_store(checked)
    attached = AnnouncementFile.objects.create(
        announcement=announcement,
        name=stored.name,
        sha256=stored.sha256,
        size=stored.size,
        content_type=stored.content_type,
        storage_key=stored.storage_key,
    )
    audit_record(
        actor=user,
        action="site.announcement_file_added",
        target=announcement,
        data={"file": attached.pk, "sha256": stored.sha256},
    )
    return attached


@transaction.atomic
def page_save(
    *, user: Any, kind: str, title: str, body_html: str, parts: dict[str, str] | None = None
) -> Page:
    if kind not in PageKind.values:
        raise ValidationError(_("Pagină necunoscută."), code="not_found")
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Scrieți titlul paginii.")})
    letters = {letter for letter, _label in PUBLIC_INFORMATION_PARTS}
    clean_parts = {
        letter: sanitized(html) for letter, html in (parts or {}).items() if letter in letters
    }
    page, created = Page.objects.select_for_update().get_or_create(
        kind=kind, defaults={"title": title[:200]}
    )
    page.title, page.body_html, page.parts = title[:200], sanitized(body_html), clean_parts
    page.save()
    audit_record(
        actor=user,
        action="site.page_created" if created else "site.page_changed",
        target=page,
        data={"kind": kind},
    )
    return page


@transaction.atomic
def page_set_published(*, user: Any, kind: str, published: bool) -> Page:
    page = Page.objects.select_for_update().filter(kind=kind).first()
    if page is None:
        raise ValidationError(_("Salvați pagina înainte de a o publica."), code="not_found")
    if (page.published_at is not None) != published:
        page.published_at = timezone.now() if published else None
        page.save(update_fields=["published_at", "updated_at"])
        audit_record(
            actor=user,
            action="site.page_published" if published else "site.page_unpublished",
            target=page,
        )
    return page
