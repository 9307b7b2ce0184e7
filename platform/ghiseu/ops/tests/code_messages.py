"""The messages the platform's templates and modules mark for translation, found the way
`makemessages` finds them (templates through Django's own `templatize`, modules through their
syntax tree), so a test can hold a catalog to them without running gettext's tools."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation.template import templatize

REPOSITORY = Path(__file__).resolve().parents[4]
SKIPPED_FOLDERS = {".venv", ".git", "node_modules", "var", "tests", "migrations"}

_QUOTED = r"u?'((?:[^'\\]|\\.)*)'"
# What templatize writes for {% translate %}, {% blocktranslate %} and _("...") in templates.
_TEMPLATE_CALL = re.compile(
    rf"\b(npgettext|pgettext|ngettext|gettext|_)\({_QUOTED}(?:,\s*{_QUOTED})?(?:,\s*{_QUOTED})?"
)
# Argument positions of (context, singular, plural) for each marking function.
_POSITIONS = {
    "gettext": (None, 0, None),
    "ngettext": (None, 0, 1),
    "pgettext": (0, 1, None),
    "npgettext": (0, 1, 2),
}
_PYTHON_FUNCTIONS = {
    **{name: positions for name, positions in _POSITIONS.items()},
    **{f"{name}_lazy": positions for name, positions in _POSITIONS.items()},
    "_": _POSITIONS["gettext"],
    "gettext_noop": _POSITIONS["gettext"],
}


@dataclass(frozen=True)
class Message:
    msgid: str
    plural: str = ""
    context: str = ""


def _source_files() -> Iterator[Path]:
    for folder, subfolders, files in os.walk(REPOSITORY):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED_FOLDERS]
        yield from (Path(folder, name) for name in files)


def _unquote(text: str | None) -> str:
    """The message of a string templatize quoted (with its escapes: \\', \\n)."""
    return str(ast.literal_eval(f"'{text}'")) if text else ""


def _template_messages(source: str) -> Iterator[Message]:
    for match in _TEMPLATE_CALL.finditer(templatize(source)):
        name, *arguments = match.groups()
        context, singular, plural = _POSITIONS.get(name, _POSITIONS["gettext"])
        yield Message(
            msgid=_unquote(arguments[singular]),
            plural=_unquote(arguments[plural]) if plural is not None else "",
            context=_unquote(arguments[context]) if context is not None else "",
        )


def _module_messages(source: str) -> Iterator[Message]:
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        positions = _PYTHON_FUNCTIONS.get(getattr(node.func, "id", getattr(node.func, "attr", "")))
        if positions is None:
            continue
        strings = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
        context, singular, plural = positions
        wanted = [p for p in positions if p is not None]
        if len(strings) <= max(wanted) or any(not isinstance(strings[p], str) for p in wanted):
            continue  # a variable passed through gettext: its messages are marked elsewhere
        yield Message(
            msgid=strings[singular] or "",
            plural=strings[plural] or "" if plural is not None else "",
            context=strings[context] or "" if context is not None else "",
        )


def messages_in_the_code() -> dict[Message, str]:
    """Every message of the platform's templates and modules, with a file that marks it."""
    found: dict[Message, str] = {}
    for path in _source_files():
        if path.suffix in {".html", ".txt"} and "templates" in path.parts:
            source = path.read_text(encoding="utf-8")
            if "{%" in source or "_(" in source:
                for message in _template_messages(source):
                    found.setdefault(message, str(path.relative_to(REPOSITORY)))
        elif path.suffix == ".py" and "gettext" in (source := path.read_text(encoding="utf-8")):
            for message in _module_messages(source):
                found.setdefault(message, str(path.relative_to(REPOSITORY)))
    return found
