"""The reverse proxy's question before it asks a CA for a certificate: is this host ours?

Caddy's on-demand TLS (deploy/compose/Caddyfile) asks ``GET /tls/allowed?domain=<host>`` the
first time a browser reaches the server under a name without a certificate yet: a UAT's own
domain, approved in the county console. Only the names the platform serves get a yes, so a
stranger pointing names at the server cannot make it spend the CA's rate limits. The proxy
asks over plain HTTP inside the server, by the service's name: answered before host routing.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .selectors import domain_lookup

ASK_PATH = "/tls/allowed"
MAX_HOSTNAME = 253


def certificate_allowed(request: HttpRequest) -> HttpResponse:
    from .middleware import normalize_hostname

    if request.method not in {"GET", "HEAD"}:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    hostname = normalize_hostname(request.GET.get("domain", "").strip())
    if not hostname or len(hostname) > MAX_HOSTNAME:
        return HttpResponse("domain=<host name> is needed\n", status=400)
    served = hostname == settings.GHISEU_BASE_DOMAIN or domain_lookup(hostname=hostname)
    return HttpResponse(status=200 if served else 404)
