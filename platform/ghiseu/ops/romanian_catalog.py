"""The platform's Romanian catalog (locale/ro): Django's own Romanian, corrected, and the
three plural forms of the platform's own messages.

Romanian is the platform's source language, so its own singular messages need no catalog.
Two things do: Django's Romanian (and that of the apps it uses) writes cedilla letters (ş, ţ)
and stray spaces before punctuation, which show through in every form error; and a count
of 20 or more takes "de" ("15 minute", "20 de minute"), a third plural form gettext only
knows from a catalog. ``python manage.py romanian_catalog`` writes the catalog from the
installed catalogs and the English one (which lists the platform's plural messages), then
compiles it; LOCALE_PATHS comes first in Django's lookup, so the corrections win.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

from .text import comma_below

# Django's Romanian rule: 1 | 2-19 (and 0, 101-119, ...) | 20 or more, or a round hundred.
PLURAL_FORMS = "nplurals=3; plural=(n==1?0:(((n%100>19)||((n%100==0)&&(n!=0)))?2:1));"
# The count a plural message is about: what the platform names it in its messages.
_COUNT = re.compile(r"(%\((?:count|counter|n|left|minutes|days)\)[ds]) ")

# Wording the platform writes otherwise, beyond letters and spacing (its style: "e-mail").
REWORDED = {
    "Enter a valid email address.": "Introduceți o adresă de e-mail validă.",
    "Please enter a correct %(username)s and password. Note that both fields may be "
    "case-sensitive.": "Introduceți un %(username)s și o parolă corecte. Atenție: în ambele "
    "câmpuri literele mari diferă de cele mici.",
}


@dataclass(frozen=True)
class Entry:
    msgid: str
    msgstrs: tuple[str, ...]
    msgid_plural: str = ""


# Messages of Django's forms and validators that its Romanian catalog lacks (they would show
# in English): those of the fields and validators the platform uses.
ADDED = (
    Entry(
        "This password is too short. It must contain at least %d character.",
        (
            "Această parolă este prea scurtă: trebuie să aibă cel puțin %d caracter.",
            "Această parolă este prea scurtă: trebuie să aibă cel puțin %d caractere.",
            "Această parolă este prea scurtă: trebuie să aibă cel puțin %d de caractere.",
        ),
        "This password is too short. It must contain at least %d characters.",
    ),
    Entry("Enter a valid JSON.", ("Introduceți un JSON valid.",)),
    Entry("Enter a valid %(protocol)s address.", ("Introduceți o adresă %(protocol)s validă.",)),
    Entry("Enter a valid domain name.", ("Introduceți un nume de domeniu valid.",)),
    Entry(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: "
        "%(allowed_extensions)s.",
        (
            "Extensia de fișier „%(extension)s” nu este permisă. Extensiile permise sunt: "
            "%(allowed_extensions)s.",
        ),
    ),
    Entry(
        "Ensure this value is a multiple of step size %(limit_value)s.",
        ("Asigurați-vă că această valoare este un multiplu de %(limit_value)s.",),
    ),
)


def corrected(text: str) -> str:
    """Comma-below letters, no space before punctuation or inside brackets, single spaces."""
    text = comma_below(text).replace("Intoduceți", "Introduceți").replace("Acestă", "Această")
    text = re.sub(r" +([.,;:!?)])", r"\1", text)
    text = re.sub(r"\( +", "(", text)
    return re.sub(r"(?<=\S)  +", " ", text)


def installed_catalogs() -> Iterator[Path]:
    """Django's Romanian catalog and those of the installed apps, in Django's lookup order."""
    import django

    yield Path(django.__file__).parent / "conf" / "locale" / "ro" / "LC_MESSAGES" / "django.mo"
    for config in apps.get_app_configs():
        path = Path(config.path) / "locale" / "ro" / "LC_MESSAGES" / "django.mo"
        if path.exists():
            yield path


def read_mo(path: Path) -> list[Entry]:
    """The entries of a compiled catalog (GNU .mo), header left out."""
    data = path.read_bytes()
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    _magic, _version, count, originals, translations = struct.unpack(order + "5I", data[:20])
    entries = []
    for index in range(count):
        length, offset = struct.unpack(order + "2I", data[originals + 8 * index :][:8])
        key = data[offset : offset + length].decode()
        length, offset = struct.unpack(order + "2I", data[translations + 8 * index :][:8])
        value = data[offset : offset + length].decode()
        if not key:
            continue
        msgid, _nul, msgid_plural = key.partition("\x00")
        if "\x04" in msgid:  # a message with a context: not used by the forms we show
            continue
        entries.append(Entry(msgid, tuple(value.split("\x00")), msgid_plural))
    return entries


def django_overrides(catalogs: Iterable[Path]) -> list[Entry]:
    """Every installed message whose Romanian the platform writes otherwise, and those
    Django's Romanian lacks."""
    seen: dict[str, Entry] = {entry.msgid: entry for entry in ADDED}
    for path in catalogs:
        for entry in read_mo(path):
            if entry.msgid in seen or not any(entry.msgstrs):
                continue
            fixed = tuple(corrected(REWORDED.get(entry.msgid, text)) for text in entry.msgstrs)
            if fixed != entry.msgstrs:
                seen[entry.msgid] = Entry(entry.msgid, fixed, entry.msgid_plural)
    return sorted(seen.values(), key=lambda entry: entry.msgid)


def platform_plurals(english_po: Path) -> list[Entry]:
    """The platform's own plural messages (Romanian source), with the third form."""
    entries = []
    for msgid, msgid_plural in _plural_ids(english_po.read_text(encoding="utf-8")):
        entries.append(Entry(msgid, (msgid, msgid_plural, de_form(msgid_plural)), msgid_plural))
    return entries


def de_form(plural: str) -> str:
    """ "%(n)s ani" -> "%(n)s de ani": the form for 20 or more."""
    return _COUNT.sub(r"\1 de ", plural, count=1)


def _plural_ids(po: str) -> Iterator[tuple[str, str]]:
    for block in po.split("\n\n"):
        fields: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match[1]
                fields[current] = _unescape(match[2])
            elif line.startswith('"') and current:
                fields[current] += _unescape(line[1:-1])
        if fields.get("msgid") and fields.get("msgid_plural"):
            yield fields["msgid"], fields["msgid_plural"]


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render_po(*, plurals: list[Entry], overrides: list[Entry]) -> str:
    lines = [
        "# The platform's Romanian catalog. Written by `python manage.py romanian_catalog`:",
        "# edit ghiseu/ops/romanian_catalog.py or the English catalog, not this file.",
        'msgid ""',
        'msgstr ""',
        '"Project-Id-Version: Ghiseu\\n"',
        '"PO-Revision-Date: 2026-12-01 00:00+0200\\n"',
        '"Last-Translator: Ghiseu\\n"',
        '"Language-Team: Ghiseu\\n"',
        '"Language: ro\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        f'"Plural-Forms: {PLURAL_FORMS}\\n"',
        "",
        "# The platform's own plural messages: the third form takes “de”.",
    ]
    for title, entries in (
        ("", plurals),
        ("# Django's Romanian, as the platform writes it.", overrides),
    ):
        if title:
            lines += ["", title]
        for entry in entries:
            lines += ["", f"msgid {_quote(entry.msgid)}"]
            if entry.msgid_plural:
                lines.append(f"msgid_plural {_quote(entry.msgid_plural)}")
                lines += [f"msgstr[{i}] {_quote(text)}" for i, text in enumerate(entry.msgstrs)]
            else:
                lines.append(f"msgstr {_quote(entry.msgstrs[0])}")
    return "\n".join(lines) + "\n"
