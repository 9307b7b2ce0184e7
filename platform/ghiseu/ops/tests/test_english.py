"""English, the portal's second language: every message the code marks has its translation,
so a visitor who switches to English never reads Romanian on a page."""

from __future__ import annotations

import gettext
from pathlib import Path

from django.conf import settings

from .code_messages import Message, messages_in_the_code

ENGLISH_MO = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.mo"


def _translated(catalog: dict[object, str], message: Message) -> bool:
    key = f"{message.context}\x04{message.msgid}" if message.context else message.msgid
    if message.plural:
        return all(catalog.get((key, form)) for form in (0, 1))
    return bool(catalog.get(key))


def test_every_message_of_the_templates_and_modules_has_an_english_translation():
    with ENGLISH_MO.open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    in_code = messages_in_the_code()
    # The walk reaches every kind of marking: a template's {% translate %} and plural,
    # a message with a context, a module's lazy message.
    assert Message("Monitorul Oficial Local") in in_code
    assert Message("%(counter)s înregistrare", "%(counter)s înregistrări") in in_code
    assert Message("Hotărârea", context="act") in in_code
    assert Message("Registrul propunerilor, sugestiilor și opiniilor") in in_code
    assert len(in_code) > 2000
    missing = {m.msgid: where for m, where in in_code.items() if not _translated(catalog, m)}
    assert not missing, (
        f"{len(missing)} messages have no English translation: add them to {ENGLISH_CATALOG_HINT}"
        f" and compile it with msgfmt: {dict(list(missing.items())[:20])}"
    )


ENGLISH_CATALOG_HINT = "platform/ghiseu/locale/en/LC_MESSAGES/django.po"
