"""Text rules shared by every app: folding Romanian for search ("Reșița", "Reşiţa" with
cedilla and "Resita" all match) and dropping control characters from what arrives."""

from __future__ import annotations

import re
import unicodedata

# The cedilla forms (ş ţ) are legacy encodings of the comma-below letters (ș ț).
_CEDILLA = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})


def comma_below(text: str) -> str:
    """The comma-below letters (ș ț) for their legacy cedilla forms (ş ţ)."""
    return text.translate(_CEDILLA)


def fold(text: str) -> str:
    normalized = unicodedata.normalize("NFKD", comma_below(text or ""))
    stripped = "".join(char for char in normalized if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


# Control characters (C0 but tab and line feed, DEL, C1): nothing a person types. PostgreSQL
# refuses NUL in text outright; the others spoof or break what staff and citizens read.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_AND_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f]")


def without_controls(text: str, *, keep_breaks: bool = True) -> str:
    """``text`` without control characters; tab and line feed stay unless ``keep_breaks`` is
    false (carriage returns go: a line break is a line feed)."""
    return (_CONTROLS if keep_breaks else _CONTROLS_AND_BREAKS).sub("", text)


def has_controls(text: str) -> bool:
    return _CONTROLS_AND_BREAKS.search(text) is not None


# Bidirectional controls: embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069)
# and the marks (U+200E, U+200F, U+061C). A person writing a name or a request never needs
# them, and an override turns "Ion" U+202E "fdp.exe" into what reads as "Ionexe.pdf".
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def bidi_neutral(text: str) -> str:
    """``text`` without bidirectional controls (see ``_BIDI_CONTROLS``)."""
    return _BIDI_CONTROLS.sub("", text)


def bidi_neutral_cells(cells: list[str]) -> list[str]:
    """A row of text without bidirectional controls, looked for once in the whole row (an
    export of a million rows pays one search a row, not one a cell)."""
    if _BIDI_CONTROLS.search("".join(cells)) is None:
        return cells
    return [bidi_neutral(cell) for cell in cells]


def shortened(text: str, *, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters at a word boundary, with an ellipsis
    when cut: a summary or an excerpt never ends in half a word ("…și să î")."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if flat[limit - 1] != " " and " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"
