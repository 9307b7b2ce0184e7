"""Validation of a UAT's identity and branding; every message is localized."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.ro import cui

SLUG_PATTERN = re.compile(r"^[a-z](?:[a-z0-9]|-(?!-)){0,38}[a-z0-9]$")
HEX_COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate_slug(value: str) -> None:
    if not SLUG_PATTERN.match(value or ""):
        raise ValidationError(
            _(
                "Subdomeniul are 2–40 caractere: litere mici fără diacritice, cifre și cratime "
                "(nu la început sau la sfârșit, nu două la rând)."
            ),
            code="invalid_slug",
        )
    schema = value.replace("-", "_")
    if (
        value in settings.GHISEU_RESERVED_SLUGS
        or value.startswith("pg")
        or schema in {"information_schema", "public", "ghiseu_schema_template"}
    ):
        raise ValidationError(
            _("Subdomeniul „%(slug)s” este rezervat platformei."),
            code="reserved_slug",
            params={"slug": value},
        )


def validate_siruta(value: int) -> None:
    # SIRUTA codes are positive integers of at most six digits.
    if not isinstance(value, int) or not 1 <= value <= 999_999:
        raise ValidationError(_("Codul SIRUTA are între 1 și 6 cifre."), code="invalid_siruta")


def validate_fiscal_code(value: str) -> None:
    if value and not cui.is_valid(value):
        raise ValidationError(
            _("Codul de identificare fiscală nu este valid (cifra de control nu corespunde)."),
            code="invalid_fiscal_code",
        )


def validate_hex_color(value: str) -> None:
    if not HEX_COLOR_PATTERN.match(value or ""):
        raise ValidationError(
            _("Culoarea se scrie în format hexazecimal, de exemplu #1f4e79."),
            code="invalid_color",
        )


def validate_phone(value: str) -> None:
    if not value:
        return
    try:
        number = phonenumbers.parse(value, "RO")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Numărul de telefon nu este valid."), code="invalid_phone")


def validate_single_line(value: str) -> None:
    """Names appear in page titles and e-mail subjects: no line breaks or control characters."""
    if any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in value or ""):
        raise ValidationError(
            _("Textul trebuie să fie pe un singur rând, fără caractere de control."),
            code="control_characters",
        )
