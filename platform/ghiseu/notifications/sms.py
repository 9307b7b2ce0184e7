"""Romanian phone numbers to E.164, and SMS segment counting for cost.

GSM-7 carries 160 characters in one segment (153 per part when split); any character outside
it, such as Romanian ș, ț, ă, î, â, switches the whole message to UCS-2: 70 (67 per part).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import phonenumbers

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")


class InvalidPhoneNumber(ValueError):
    pass


def normalize_phone(raw: str) -> str:
    """E.164 for a Romanian (or international) number; raises InvalidPhoneNumber."""
    try:
        number = phonenumbers.parse(raw, "RO")
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber(str(error)) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber(f"not a valid phone number: {raw!r}")
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
