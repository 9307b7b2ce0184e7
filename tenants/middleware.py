"""Host -> schema routing, and what a suspended or archived UAT's visitors see."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import set_urlconf
from django.utils import translation

from ghiseu.ops.context import bind_tenant
from ghiseu.ops.tenancy import tenant_db

from . import tls
from .models import UATStatus
from .selectors import domain_lookup

Handler = Callable[[HttpRequest], HttpResponse]


def normalize_hostname(host: str) -> str:
    """Lower-case, without port and trailing dot; ``www.`` of the base domain is the base.
    A host no DNS name can be (an empty label, a label over 63 characters) or a port past
    65535 is malformed: DisallowedHost, as for what Django's own check refuses."""
    hostname, port = (host, "") if host.endswith("]") or ":" not in host else host.rsplit(":", 1)
    if port and not (port.isdigit() and 0 < int(port) <= 65535):
        raise DisallowedHost(f"invalid port in {host[:100]!r}")
    hostname = hostname.lower().rstrip(".")
    if not hostname.startswith("[") and (
        len(hostname) > 253 or any(not 0 < len(label) <= 63 for label in hostname.split("."))
    ):
        raise DisallowedHost(f"invalid host name {host[:100]!r}")
    if hostname == f"www.{settings.GHISEU_BASE_DOMAIN}":
        return settings.GHISEU_BASE_DOMAIN
    return hostname


class TenantRoutingMiddleware:
    """Chooses the schema from the Host header. The Domain table is the host allow-list.

    Unlike django-tenants' TenantMainMiddleware, the county site at the base domain needs no
    tenant row, and unknown or malformed hosts get a friendly, localized page, never an error.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant_db().set_schema_to_public()
        if request.path == tls.ASK_PATH:  # the reverse proxy asks by the service's name
            return tls.certificate_allowed(request)
        # Pages rendered before the language middleware (unknown or malformed host) speak
        # Romanian, not whatever this thread's previous request chose.
        translation.activate(settings.LANGUAGE_CODE)
        request.tenant = None  # type: ignore[attr-defined]
        request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        set_urlconf(settings.PUBLIC_SCHEMA_URLCONF)
        try:
            hostname = normalize_hostname(request.get_host())
        except DisallowedHost:
            return render(request, "errors/bad_host.html", status=400)
        if hostname == settings.GHISEU_BASE_DOMAIN:
            bind_tenant("public")
            return self.get_response(request)
        domain = domain_lookup(hostname=hostname)
        if domain is None:
            return render(
                request, "errors/unknown_host.html", {"hostname": hostname[:253]}, status=404
            )
        tenant = domain.tenant
        tenant.domain_url = hostname
        request.tenant = tenant  # type: ignore[attr-defined]
        tenant_db().set_tenant(tenant)
        bind_tenant(tenant.schema_name)
        request.urlconf = settings.ROOT_URLCONF
        set_urlconf(settings.ROOT_URLCONF)
        try:
            return self.get_response(request)
        finally:
            # Whatever runs next on this connection (another request, a test, a management
            # step) must not inherit this UAT's search path.
            tenant_db().set_schema_to_public()


class TenantStatusMiddleware:
    """A suspended UAT shows a clear notice; an archived one says it is gone. Placed after the
    locale middleware so the notice speaks the visitor's language."""

    ALWAYS_ALLOWED = ("/static/", "/i18n/", "/tema.css", "/stema")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.status == UATStatus.ACTIVE:
            return self.get_response(request)
        if request.path.startswith(self.ALWAYS_ALLOWED):
            return self.get_response(request)
        if tenant.status == UATStatus.SUSPENDED:
            response = render(request, "errors/suspended.html", {"uat": tenant}, status=503)
            response["Retry-After"] = "3600"
            return response
        return render(request, "errors/archived.html", {"uat": tenant}, status=410)
