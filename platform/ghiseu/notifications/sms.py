"""Mobile numbers to E.164, and SMS segment counting for cost.

GSM-7 carries 160 characters in one segment (153 per part when split); any character outside
it, such as Romanian ș, ț, ă, î, â, switches the whole message to UCS-2: 70 (67 per part).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext as _

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")

# Romanian SMS are written without diacritics: one letter outside GSM-7 makes the whole message
# UCS-2, 70 characters a segment instead of 160. Typography goes the same way.
_GSM7_SPELLING = str.maketrans(
    {
        "„": '"', "”": '"', "“": '"', "«": '"', "»": '"', "‟": '"',
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
        "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-",
        "…": "...", "•": "-", "·": "-", "×": "x",
        "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\t": " ",
        "\u200b": "", "\u00ad": "", "\u2060": "", "\ufeff": "",
    }
)  # fmt: skip


def to_gsm7(text: str) -> str:
    """The text as an SMS carries it in GSM-7: ă â → a, î → i, ș ş → s, ț ţ → t (any letter
    with a mark GSM-7 lacks loses the mark; é, ü, ñ... it has stay), „ ” → ", — → -. What has
    no GSM-7 spelling (Cyrillic, emoji) stays: such a message goes as UCS-2."""
    out = []
    for char in text.translate(_GSM7_SPELLING):
        if char in GSM7_BASIC or char in GSM7_EXTENSION:
            out.append(char)
            continue
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        out.append(bare if bare and all(c in GSM7_BASIC for c in bare) else char)
    return "".join(out)


class InvalidPhoneNumber(ValueError):
    """Why a number cannot receive an SMS, in words for the person who typed it."""


# Where the numbering plan cannot tell a mobile from a fixed line (the United States and
# Canada, say), the number may be a mobile: refusing it would refuse every such phone.
_SMS_CAPABLE = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def normalize_mobile(raw: str) -> str:
    """E.164 for a mobile number, Romanian or foreign: every number the platform keeps is one
    an SMS goes to. A landline, a premium-rate or a toll-free number raises
    InvalidPhoneNumber, as does anything that is not a number."""
    try:
        number = phonenumbers.parse(raw, "RO")
    except phonenumbers.NumberParseException:
        raise InvalidPhoneNumber(_("Numărul de telefon nu este valid.")) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber(_("Numărul de telefon nu este valid."))
    kind = phonenumbers.number_type(number)
    if kind not in _SMS_CAPABLE:
        shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if kind == phonenumbers.PhoneNumberType.FIXED_LINE:
            message = _(
                "%(number)s este un număr de telefon fix. Introduceți un număr de mobil, "
                "pe care să primiți SMS-uri."
            )
        else:
            message = _(
                "La %(number)s nu se pot trimite SMS-uri (nu este un număr de mobil). "
                "Introduceți un număr de mobil."
            )
        raise InvalidPhoneNumber(message % {"number": shown})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True)
class SmsSize:
    encoding: str
    length: int
    segments: int


def sms_size(text: str) -> SmsSize:
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text):
        length = sum(2 if char in GSM7_EXTENSION else 1 for char in text)
        segments = 1 if length <= 160 else math.ceil(length / 153)
        return SmsSize("GSM-7", length, segments)
    length = sum(2 if ord(char) > 0xFFFF else 1 for char in text)  # UTF-16 code units
    segments = 1 if length <= 70 else math.ceil(length / 67)
    return SmsSize("UCS-2", length, segments)
