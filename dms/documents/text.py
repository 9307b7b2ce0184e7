"""The text of a stored document, for search: a PDF's text layer (scans have none: no OCR)."""

from __future__ import annotations

import io
import logging
import unicodedata

logger = logging.getLogger(__name__)
MAX_DOCUMENT_TEXT = 200_000  # characters kept per document; enough for any letter


def document_text(content: bytes, content_type: str) -> str:
    """The text layer of a PDF (scans have none: no OCR here)."""
    if content_type != "application/pdf":
        return ""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content))
        text = "\n".join((page.extract_text() or "") for page in reader.pages[:200])
    except Exception as error:  # noqa: BLE001 - a PDF pypdf cannot read simply has no text
        logger.info("no text from a PDF: %s", error)
        return ""
    return printable(text)[:MAX_DOCUMENT_TEXT]


def printable(text: str) -> str:
    """Without NUL and other control characters (PostgreSQL text refuses NUL; pypdf returns it
    for glyphs it cannot map), line breaks and tabs kept."""
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
