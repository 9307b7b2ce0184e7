"""Proving control of a domain: a file at a well-known HTTP address, or a DNS TXT record.

The HTTP check resolves the name itself and refuses private, loopback and link-local
addresses (an administrator must not make the platform fetch its own internal services),
connects to the address with the Host header, follows no redirect and reads a few bytes.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import dns.exception
import dns.resolver
import requests
from django.conf import settings
from django.utils.translation import gettext as _

HTTP_PATH = "/.well-known/ghiseu-verificare.txt"
TXT_PREFIX = "_ghiseu"
TXT_VALUE = "ghiseu-verificare={token}"
TIMEOUT_SECONDS = 5
MAX_BODY = 1024


@dataclass(frozen=True)
class ProofResult:
    ok: bool
    method: str = ""
    reason: str = ""


def _resolver() -> dns.resolver.Resolver:
    nameservers = settings.GHISEU_DNS_NAMESERVERS
    resolver = dns.resolver.Resolver(configure=not nameservers)
    if nameservers:
        resolver.nameservers = list(nameservers)
        resolver.port = settings.GHISEU_DNS_PORT
    resolver.lifetime = TIMEOUT_SECONDS
    return resolver


def _addresses(hostname: str) -> list[str]:
    found: list[str] = []
    for record_type in ("A", "AAAA"):
        try:
            found += [r.to_text() for r in _resolver().resolve(hostname, record_type)]
        except (dns.exception.DNSException, OSError):
            continue
    return found


def _usable(address: str) -> bool:
    if settings.GHISEU_DOMAIN_PROOF_ALLOW_PRIVATE:
        return True
    return ipaddress.ip_address(address).is_global


def http_proof(hostname: str, token: str) -> ProofResult:
    addresses = _addresses(hostname)
    if not addresses:
        return ProofResult(False, reason=_("Domeniul nu are o adresă IP în DNS."))
    usable = [a for a in addresses if _usable(a)]
    if not usable:
        return ProofResult(False, reason=_("Domeniul indică o adresă privată; nu o verificăm."))
    address = usable[0]
    host = f"[{address}]" if ":" in address else address
    url = f"http://{host}:{settings.GHISEU_DOMAIN_PROOF_HTTP_PORT}{HTTP_PATH}"
    try:
        with requests.get(
            url,
            headers={"Host": hostname, "User-Agent": "Ghiseu-domain-check"},
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
            stream=True,
        ) as response:
            body = response.raw.read(MAX_BODY, decode_content=True)
            status = response.status_code
    except (requests.RequestException, OSError):
        return ProofResult(False, reason=_("Serverul domeniului nu a răspuns la verificare."))
    if status != 200:
        return ProofResult(
            False,
            reason=_("Fișierul de verificare lipsește (răspuns %(code)s).") % {"code": status},
        )
    if body.decode("utf-8", "replace").strip() != token:
        return ProofResult(False, reason=_("Fișierul de verificare nu conține codul corect."))
    return ProofResult(True, method="http")


def dns_proof(hostname: str, token: str) -> ProofResult:
    expected = TXT_VALUE.format(token=token)
    try:
        answers = _resolver().resolve(f"{TXT_PREFIX}.{hostname}", "TXT")
    except (dns.exception.DNSException, OSError):
        return ProofResult(False, reason=_("Înregistrarea TXT nu a fost găsită."))
    for record in answers:
        text = b"".join(record.strings).decode("utf-8", "replace").strip()
        if text == expected:
            return ProofResult(True, method="dns")
    return ProofResult(False, reason=_("Înregistrarea TXT nu conține codul corect."))


def prove(hostname: str, token: str) -> ProofResult:
    """Either proof will do; the DNS one is tried first (it needs no web server)."""
    by_dns = dns_proof(hostname, token)
    if by_dns.ok:
        return by_dns
    by_http = http_proof(hostname, token)
    if by_http.ok:
        return by_http
    return ProofResult(False, reason=f"{by_dns.reason} {by_http.reason}")
