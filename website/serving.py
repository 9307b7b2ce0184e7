"""Serving the site's files. Public files of published items only: the caller has already
checked that (a withdrawn act's PDF is a 404 from the moment it is withdrawn)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

PUBLIC_MAX_AGE = 300  # a withdrawn file may linger this long in a shared cache, no longer


def file_response(
    *, storage_key: str, name: str, content_type: str, public: bool
) -> HttpResponseBase:
    response: HttpResponseBase
    if getattr(default_storage, "querystring_auth", False):
        url = default_storage.url(  # type: ignore[call-arg]  # S3Storage takes parameters
            storage_key,
            parameters={
                "ResponseContentDisposition": content_disposition_header(False, name),
                "ResponseContentType": content_type,
            },
        )
        response = HttpResponseRedirect(url)
    else:
        try:
            handle = default_storage.open(storage_key, "rb")
        except OSError:
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type, filename=name)
    response["Cache-Control"] = (
        f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-store"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # The browser's own PDF viewer runs inside this response; nothing else may.
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
        "object-src 'self'; frame-ancestors 'self'"
    )
    return response
