"""The platform's Romanian: comma-below letters everywhere, numerals that agree, names that
are not glued after a noun in the wrong case."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_comma_separated_integer_list
from django.utils import translation
from django.utils.translation import gettext, ngettext

from ghiseu.ops import romanian_catalog

from .code_messages import messages_in_the_code

CEDILLA_OR_STRAY_SPACE = re.compile(r"[şţŞŢ]| [.,;:!?)]|\( ")
ENGLISH_CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"


class EveryKindOfField(forms.Form):
    name = forms.CharField(max_length=5)
    email = forms.EmailField()
    count = forms.IntegerField(min_value=1, max_value=10)
    amount = forms.DecimalField(max_digits=4, decimal_places=1)
    day = forms.DateField()
    ipv4 = forms.GenericIPAddressField(protocol="IPv4")
    ids = forms.CharField(validators=[validate_comma_separated_integer_list])
    code = forms.RegexField(regex=r"^\d+$")
    picture = forms.ImageField()
    kind = forms.ChoiceField(choices=[("a", "A")])


def test_form_errors_rendered_in_romanian_use_comma_below_letters_and_no_stray_spaces():
    form = EveryKindOfField(
        {
            "name": "prea lung",
            "email": "nu-e-email",
            "count": "99",
            "amount": "12345.67",
            "day": "31.02.2026",
            "ipv4": "999.1.1.1",
            "ids": "1;2",
            "code": "abc",
            "kind": "z",
        },
        {"picture": SimpleUploadedFile("poza.png", b"not an image")},
    )
    with translation.override("ro"):
        errors = form.errors.as_text() + str(EveryKindOfField({}).errors)
        try:
            validate_password("12345")
        except ValidationError as error:
            errors += " ".join(error.messages)
    assert len(form.errors) == 10
    assert "Introduceți o adresă de e-mail validă." in errors
    assert "Încărcați o imagine validă." in errors and "Introduceți o adresă IPv4 validă." in errors
    assert "mai mică sau egală cu 10." in errors
    assert "Această parolă este prea scurtă: trebuie să aibă cel puțin 10 caractere." in errors
    assert CEDILLA_OR_STRAY_SPACE.search(errors) is None, errors


def test_no_installed_romanian_message_shows_cedilla_letters_or_stray_spaces():
    """Fails after an upgrade brings new ones: run `python manage.py romanian_catalog`."""
    shown = []
    with translation.override("ro"):
        for path in romanian_catalog.installed_catalogs():
            for entry in romanian_catalog.read_mo(path):
                if entry.msgid_plural:
                    shown += [ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2, 20)]
                else:
                    shown.append(gettext(entry.msgid))
    assert len(shown) > 400
    assert [text for text in shown if CEDILLA_OR_STRAY_SPACE.search(text)] == []


def test_every_plural_message_of_the_platform_says_de_from_twenty_on():
    plurals = romanian_catalog.platform_plurals(ENGLISH_CATALOG)
    assert len(plurals) >= 8
    with translation.override("ro"):
        for entry in plurals:
            assert ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgid
            assert ngettext(entry.msgid, entry.msgid_plural, 15) == entry.msgid_plural
            assert ngettext(entry.msgid, entry.msgid_plural, 20) == entry.msgstrs[2]
            assert ngettext(entry.msgid, entry.msgid_plural, 101) == entry.msgid_plural
    assert romanian_catalog.de_form("%(n)s ani") == "%(n)s de ani"


def test_every_plural_message_of_the_code_is_in_the_catalog_that_gives_romanian_its_de_form():
    known = {entry.msgid for entry in romanian_catalog.platform_plurals(ENGLISH_CATALOG)}
    in_code = {m.msgid: where for m, where in messages_in_the_code().items() if m.plural}
    assert "%(counter)s înregistrare" in in_code  # the walk finds templates' plurals
    missing = {msgid: where for msgid, where in in_code.items() if msgid not in known}
    assert not missing, (
        f"add these to the English catalog, then run `manage.py romanian_catalog`: {missing}"
    )


@pytest.mark.parametrize(
    ("minutes", "language", "sentence"),
    [
        (1, "ro", "Este valabil 1 minut."),
        (15, "ro", "Este valabil 15 minute."),
        (20, "ro", "Este valabil 20 de minute."),
        (15, "en", "It is valid for 15 minutes."),
    ],
)
def test_the_code_email_states_its_lifetime_with_the_numeral_in_agreement(
    world, minutes, language, sentence
):
    from django_tenants.utils import schema_context

    from ghiseu.notifications import rendering

    with schema_context("resita_t"):
        rendered = rendering.render(
            kind="portal.email_code",
            channel="email",
            language=language,
            context={"code": "123456", "service": "Petiție", "minutes": minutes},
        )
    assert sentence in rendered.body_text and sentence in rendered.body_html
    assert " de minute" not in rendered.body_text.replace("20 de minute", "")


def test_the_staff_sign_in_page_does_not_decline_the_institutions_name(world):
    page = world.resita.client().get("/birou/autentificare/").content.decode()
    assert "Acces pentru angajați: Municipiul Reșița." in page
    assert "angajații Municipiul" not in page
