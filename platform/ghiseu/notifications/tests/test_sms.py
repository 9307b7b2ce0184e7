from __future__ import annotations

import pytest
from django.utils import translation

from ghiseu.notifications.sms import InvalidPhoneNumber, normalize_mobile, sms_size


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0722 123 456", "+40722123456"),
        ("+40 722-123-456", "+40722123456"),
        ("0040722123456", "+40722123456"),
        ("+49 1512 3456789", "+4915123456789"),
        ("+1 212 555 0123", "+12125550123"),  # the US plan cannot tell mobiles apart
    ],
)
def test_mobile_numbers_are_normalised_to_e164(raw, e164):
    assert normalize_mobile(raw) == e164


@pytest.mark.parametrize("raw", ["", "12345", "0722 12", "abc", "+40 999 999 999 999"])
def test_invalid_numbers_are_refused(raw):
    with pytest.raises(InvalidPhoneNumber):
        normalize_mobile(raw)


@pytest.mark.parametrize(
    ("raw", "ro", "en"),
    [
        ("0255 212 345", "+40 255 212 345 este un număr de telefon fix", "is a landline number"),
        ("+44 20 7946 0958", "+44 20 7946 0958 este un număr de telefon fix", "landline"),
        ("0900 123 456", "La +40 900 123 456 nu se pot trimite SMS-uri", "cannot be sent to"),
        ("0800 800 800", "nu este un număr de mobil", "not a mobile number"),
        ("0372 123 456", "nu este un număr de mobil", "not a mobile number"),
    ],
)
def test_landlines_and_premium_rate_numbers_are_refused_with_a_reason(raw, ro, en):
    for language, expected in (("ro", ro), ("en", en)):
        with translation.override(language), pytest.raises(InvalidPhoneNumber) as refused:
            normalize_mobile(raw)
        assert expected in str(refused.value)


def test_plain_ascii_fits_160_gsm7_characters_per_segment():
    assert sms_size("a" * 160).segments == 1 and sms_size("a" * 160).encoding == "GSM-7"
    assert sms_size("a" * 161).segments == 2
    assert sms_size("a" * 306).segments == 2 and sms_size("a" * 307).segments == 3


def test_romanian_diacritics_switch_to_ucs2_and_halve_the_length():
    text = "Cererea dvs. a fost înregistrată la Reșița"
    assert sms_size(text).encoding == "UCS-2"
    assert sms_size("ș" * 70).segments == 1 and sms_size("ș" * 71).segments == 2
    assert sms_size("ț" * 134).segments == 2 and sms_size("ț" * 135).segments == 3


def test_gsm7_extension_characters_count_double():
    assert sms_size("€" * 80).segments == 1 and sms_size("€" * 81).segments == 2
