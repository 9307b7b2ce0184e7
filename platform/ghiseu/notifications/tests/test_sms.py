from __future__ import annotations

import pytest

from ghiseu.notifications.sms import InvalidPhoneNumber, normalize_phone, sms_size


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0722 123 456", "+40722123456"),
        ("+40 722-123-456", "+40722123456"),
        ("0040722123456", "+40722123456"),
        ("0255 211 692", "+40255211692"),
        ("+49 1512 3456789", "+4915123456789"),
    ],
)
def test_numbers_are_normalised_to_e164(raw, e164):
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize("raw", ["", "12345", "0722 12", "abc", "+40 999 999 999 999"])
def test_invalid_numbers_are_refused(raw):
    with pytest.raises(InvalidPhoneNumber):
        normalize_phone(raw)


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
