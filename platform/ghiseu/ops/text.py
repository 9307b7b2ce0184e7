"""Folding Romanian text for search: "Reșița", "Reşiţa" (cedilla) and "Resita" all match."""

from __future__ import annotations

import unicodedata

# The cedilla forms (ş ţ) are legacy encodings of the comma-below letters (ș ț).
_CEDILLA = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})


def fold(text: str) -> str:
    normalized = unicodedata.normalize("NFKD", (text or "").translate(_CEDILLA))
    stripped = "".join(char for char in normalized if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())
