"""The host -> UAT lookup of every portal request, kept a few seconds by each process.

Every request looked its host up: a query on the public schema and a search path switch to
it and back. A UAT's row and its domains change rarely: each process keeps what it read for
GHISEU_HOST_CACHE_SECONDS (a suspension, a new colour or domain is seen everywhere within
that time) and forgets everything at once when it saves or deletes a UAT or a domain itself.
Unknown hosts are never kept (anyone can send any Host header).
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings

from .models import Domain

MAX_HOSTS = 10_000  # far more than the county's portals and their own domains
_hosts: dict[str, tuple[float, Domain]] = {}
_lock = threading.Lock()


def cached_domain(hostname: str, lookup: Callable[[], Domain | None]) -> Domain | None:
    """The host's domain with its UAT, from this process's copy while it is fresh; each
    caller gets its own copies (the request may change its UAT object)."""
    seconds = settings.GHISEU_HOST_CACHE_SECONDS
    if seconds <= 0:
        return lookup()
    now = time.monotonic()
    kept = _hosts.get(hostname)
    if kept is None or kept[0] <= now:
        domain = lookup()
        if domain is None:
            return None
        kept = (now + seconds, domain)
        with _lock:
            if len(_hosts) >= MAX_HOSTS:
                _hosts.clear()
            _hosts[hostname] = kept
    domain = copy.copy(kept[1])
    domain.tenant = copy.copy(kept[1].tenant)
    return domain


def hosts_forget(**_signal: Any) -> None:
    """Connected to the saves and deletes of UATs and domains (tenants.apps)."""
    with _lock:
        _hosts.clear()
