"""Rendering a notification: the UAT's override if it has a valid one, else the default
templates; always with the UAT's branding (name, coat of arms, colours, contact). An SMS is
written in GSM-7 (no diacritics: one segment of 160 characters, not 70); e-mails keep them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ghiseu.branding.contrast import readable_text_on
from ghiseu.ops.links import absolute_url
from ghiseu.ops.tenancy import current_tenant_record

from .kinds import kind_get
from .models import Channel, TemplateOverride
from .sms import sms_size, to_gsm7

logger = logging.getLogger(__name__)

# Overrides are written by UAT administrators: no loaders (no include/extends of files), no
# custom tag libraries, and an unknown variable is an error rather than an empty string.
_INVALID = "\x00missing\x00"
OVERRIDE_ENGINE = Engine(loaders=[], libraries={}, string_if_invalid=_INVALID, autoescape=False)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body_text: str
    body_html: str


BRANDING_CACHE_SECONDS = 60
BRANDING_CACHE_KEY = "notifications:branding"
OVERRIDES_CACHE_KEY = "notifications:overrides"


def branding_context() -> dict[str, Any]:
    """Cached a minute per UAT (cache keys carry the schema): every notification needs it."""
    cached: dict[str, Any] | None = cache.get(BRANDING_CACHE_KEY)
    return cached if cached is not None else _cache_branding()


def _cache_branding() -> dict[str, Any]:
    branding = _branding_context()
    cache.set(BRANDING_CACHE_KEY, branding, BRANDING_CACHE_SECONDS)
    return branding


def _branding_context() -> dict[str, Any]:
    uat = current_tenant_record()
    if uat is None:
        return {
            "institution": _("Ghișeu — platforma județului"),
            "institution_short": "Ghișeu",
            "primary": "#1f4e79",
            "on_primary": "#ffffff",
            "coat_of_arms_url": "",
            "contact": {},
        }
    domain = uat.get_primary_domain()
    host = domain.domain if domain else ""
    return {
        "institution": uat.official_name,
        "institution_short": uat.short_name,
        "primary": uat.primary_color,
        "on_primary": readable_text_on(uat.primary_color),
        "coat_of_arms_url": absolute_url(host, "/stema") if uat.coat_of_arms and host else "",
        "portal_url": absolute_url(host, "/") if host else "",
        "contact": {
            "email": uat.contact_email,
            "phone": uat.contact_phone,
            "address": uat.address,
            "hours": uat.opening_hours,
        },
    }


def render(*, kind: str, channel: str, language: str, context: dict[str, Any]) -> Rendered:
    """The notification's text; an SMS that would need more segments with the institution's
    official name ("Consiliul Județean Caraș-Severin") is written with its short name."""
    # What every rendering needs from the cache, in one round trip.
    found = cache.get_many([BRANDING_CACHE_KEY, OVERRIDES_CACHE_KEY])
    branding = found.get(BRANDING_CACHE_KEY) or _cache_branding()
    overrides = found.get(OVERRIDES_CACHE_KEY)
    if overrides is None:
        overrides = _cache_overrides()
    full = {**branding, **context}
    rendered = _render(kind, channel, language, full, overrides)
    if channel != Channel.SMS:
        return rendered
    short_name = full.get("institution_short") or ""
    segments = sms_size(rendered.body_text).segments
    if segments == 1 or not short_name or short_name == full.get("institution"):
        return rendered
    shorter = _render(kind, channel, language, {**full, "institution": short_name}, overrides)
    return shorter if sms_size(shorter.body_text).segments < segments else rendered


def _render(
    kind: str,
    channel: str,
    language: str,
    full: dict[str, Any],
    overrides: dict[tuple[str, str, str], tuple[str, str]],
) -> Rendered:
    kind_get(kind)
    with translation.override(language):
        override = overrides.get((kind, channel, language))
        if override is not None:
            try:
                return _render_override(override[0], override[1], channel, full)
            except ValidationError:
                # Checked when saved; if it still fails (a changed kind), the default goes out.
                logger.warning(
                    "override %s/%s/%s failed; using the default", kind, channel, language
                )
        return _render_default(kind, channel, full)


def _cache_overrides() -> dict[tuple[str, str, str], tuple[str, str]]:
    """This UAT's overrides, cached until one is saved (template_override_save clears it)."""
    overrides = {
        (o.kind, o.channel, o.language): (o.subject, o.body) for o in TemplateOverride.objects.all()
    }
    cache.set(OVERRIDES_CACHE_KEY, overrides, 3600)
    return overrides


def _render_default(kind: str, channel: str, context: dict[str, Any]) -> Rendered:
    base = f"notifications/{kind}"
    if channel == Channel.SMS:
        return Rendered("", to_gsm7(_one_line(render_to_string(f"{base}/sms.txt", context))), "")
    return Rendered(
        subject=_one_line(render_to_string(f"{base}/subject.txt", context)),
        body_text=render_to_string(f"{base}/body.txt", context).strip() + "\n",
        body_html=render_to_string(f"{base}/body.html", context),
    )


def _render_override(subject: str, body: str, channel: str, context: dict[str, Any]) -> Rendered:
    rendered_body = _render_text(body, context)
    if channel == Channel.SMS:
        return Rendered("", to_gsm7(_one_line(rendered_body)), "")
    return Rendered(_one_line(_render_text(subject, context)), rendered_body.strip() + "\n", "")


def _render_text(source: str, context: dict[str, Any]) -> str:
    try:
        text = OVERRIDE_ENGINE.from_string(source).render(Context(context, autoescape=False))
    except (TemplateSyntaxError, TemplateDoesNotExist) as error:
        raise ValidationError(
            _("Șablonul nu este valid: %(error)s") % {"error": error}, code="template_syntax"
        ) from None
    if _INVALID in text:
        raise ValidationError(
            _("Șablonul folosește o variabilă necunoscută."), code="template_variable"
        )
    return text


def _one_line(text: str) -> str:
    return " ".join(text.split())


def override_check(*, kind: str, channel: str, subject: str, body: str) -> None:
    """Refuse a broken override before it is saved: render it with the kind's sample data."""
    sample = {**branding_context(), **kind_get(kind).sample_context}
    if channel == Channel.EMAIL and not subject.strip():
        raise ValidationError({"subject": _("Subiectul e-mailului este obligatoriu.")})
    if not body.strip():
        raise ValidationError({"body": _("Textul mesajului este obligatoriu.")})
    _render_override(subject, body, channel, sample)
