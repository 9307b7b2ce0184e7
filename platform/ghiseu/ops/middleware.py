"""Cross-cutting request handling: request ids, health endpoints, Content-Security-Policy,
the visitor's language and control characters in what arrives."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers

from . import health
from .context import current_request_id, current_tenant
from .text import has_controls, without_controls
from .views import bad_request

_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

Handler = Callable[[HttpRequest], HttpResponse]


class RequestIdMiddleware:
    """Gives every request an id (the load balancer's, if well-formed) for logs and replies."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _CLIENT_REQUEST_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        # Set, not reset afterwards: Django logs the response after the middleware returns,
        # and that log line should still carry this request's id and tenant.
        current_request_id.set(request_id)
        current_tenant.set("-")
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class HealthCheckMiddleware:
    """Answers /healthz and /readyz on any host, before tenant routing.

    Load balancers probe by IP address, which no tenant domain matches.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return health.liveness()
        if request.path == "/readyz":
            return health.readiness()
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Only our own scripts, styles, images and forms: no third-party requests, no inline code."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def offered_languages(request: HttpRequest) -> set[str]:
    """The platform's languages, narrowed to those the portal's UAT chose to offer."""
    available = {code for code, _name in settings.LANGUAGES}
    chosen = getattr(getattr(request, "tenant", None), "languages", "")
    if chosen:
        available &= set(chosen.split(",")) | {settings.LANGUAGE_CODE}
    return available


class LanguageMiddleware:
    """Romanian unless the visitor chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Romanian public
    counter speaks Romanian first, and a visitor's explicit choice (a cookie) is the only switch.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = offered_languages(request)
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class ControlCharacterMiddleware:
    """No control character reaches a view: they are dropped from every query parameter, form
    field, uploaded file name and cookie (tab and line feed stay in form fields, where text
    areas use them), and a path holding one is a bad request.

    One place for the whole platform: PostgreSQL refuses NUL in text (a 500 wherever a view
    passed one to a query), and no person types the others. Placed before the session
    middleware, which reads the session key from its cookie.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_controls(request.path_info):
            return bad_request(request)
        request.GET = _cleaned(request.GET, keep_breaks=False)  # type: ignore[assignment]
        if any(has_controls(value) for value in request.COOKIES.values()):
            request.COOKIES = {
                name: without_controls(value, keep_breaks=False)
                for name, value in request.COOKIES.items()
            }
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            request.POST = _cleaned(request.POST, keep_breaks=True)  # type: ignore[assignment]
            for _field, uploads in request.FILES.lists():
                for upload in uploads:
                    if upload.name and has_controls(upload.name):
                        upload.name = without_controls(upload.name, keep_breaks=False)
        return self.get_response(request)


def _cleaned(data: QueryDict, *, keep_breaks: bool) -> QueryDict:
    dirty = any(
        has_controls(key) or any(has_controls(value) for value in values)
        for key, values in data.lists()
    )
    if not dirty:
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(
            without_controls(key, keep_breaks=False),
            [without_controls(value, keep_breaks=keep_breaks) for value in values],
        )
    cleaned._mutable = False
    return cleaned
