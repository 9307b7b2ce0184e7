"""Public pages of the county site and the branding assets of every portal."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from ghiseu.branding.theme import DEFAULT_PRIMARY, DEFAULT_SECONDARY, theme_css

from . import selectors
from .models import UAT

YEAR = 365 * 24 * 3600


@require_safe
def county_directory(request: HttpRequest) -> HttpResponse:
    uats = list(selectors.uat_directory())
    return render(request, "tenants/directory.html", {"uats": uats})


@require_safe
@cache_control(public=True, max_age=YEAR, immutable=True)
def portal_theme(request: HttpRequest) -> HttpResponse:
    """This portal's colours; the URL carries a version, so it is cached for a year."""
    uat = request.tenant  # type: ignore[attr-defined]
    primary = uat.primary_color if uat else DEFAULT_PRIMARY
    secondary = uat.secondary_color if uat else DEFAULT_SECONDARY
    return HttpResponse(
        theme_css(primary=primary, secondary=secondary), content_type="text/css; charset=utf-8"
    )


def _coat_of_arms_response(uat: UAT | None) -> FileResponse:
    # A coat of arms is public: every citizen sees it on the portal.
    if uat is None or not uat.coat_of_arms:
        raise Http404
    try:
        handle = default_storage.open(str(uat.coat_of_arms.name), "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=uat.coat_of_arms_content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["ETag"] = f'"{uat.coat_of_arms_sha256}"'
    return response


@require_safe
def portal_coat_of_arms(request: HttpRequest) -> FileResponse:
    return _coat_of_arms_response(request.tenant)  # type: ignore[attr-defined]


@require_safe
def directory_coat_of_arms(request: HttpRequest, slug: str) -> FileResponse:
    return _coat_of_arms_response(selectors.uat_get_by_slug(slug=slug))
