"""Whether an e-signed PDF's signatures hold (pyhanko): integrity and the signer's name.

The platform does not hold the qualified trust lists, so "valid" here means: the signed bytes
are intact and the signature verifies cryptographically; whether the signer's certificate
chains to a qualified provider is shown as not checked.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

logger = logging.getLogger(__name__)


def outside_event_loop(function: Callable[..., T], *args: Any) -> T:
    """pyhanko's blocking calls run asyncio.run(), which fails inside a running event loop
    (an ASGI server, or a test session driving a browser): there, run them in a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def signature_summary(content: bytes) -> tuple[str, dict[str, Any]]:
    """("", {}) for an unsigned PDF; else ("valid" | "invalid" | "unknown", details)."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature

        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as error:  # noqa: BLE001 - any unreadable PDF is simply "unsigned"
        logger.info("signature check skipped: %s", error)
        return "", {}
    if not signatures:
        return "", {}
    details: list[dict[str, Any]] = []
    intact = True
    for signature in signatures:
        try:
            status = outside_event_loop(validate_pdf_signature, signature)
        except Exception as error:  # noqa: BLE001 - a broken signature is an invalid one
            details.append({"field": signature.field_name, "error": str(error)[:200]})
            intact = False
            continue
        details.append(
            {
                "field": signature.field_name,
                "signer": status.signing_cert.subject.human_friendly if status.signing_cert else "",
                "intact": bool(status.intact),
                "valid": bool(status.valid),
                "trusted": bool(status.trusted),
                "signed_at": status.signer_reported_dt.isoformat()
                if status.signer_reported_dt
                else "",
            }
        )
        intact = intact and bool(status.intact and status.valid)
    return ("valid" if intact else "invalid"), {"signatures": details}
