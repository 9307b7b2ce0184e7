"""Rate limits and attempt counters on the shared cache (Redis): cheap, atomic, and shared by
every web worker.

Keys are hashed (an e-mail address never sits in a cache key) and carry the tenant's schema
through the cache's key function, so one UAT's limits never count another's traffic.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def rate_limit_hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one use of ``key`` in ``scope``; True when this use is over ``limit`` for the
    current window."""
    bucket = int(time.time() // window_seconds)
    count = _count(f"ratelimit:{scope}:{_digest(key)}:{bucket}", window_seconds + 5)
    return count > limit


def attempt_count(*, scope: str, key: str, lifetime_seconds: int) -> int:
    """Count one attempt at ``key`` (a one-time code, say) and return how many there were,
    this one included. One atomic increment in Redis: requests racing in parallel, from any
    web worker, each get a different number, so a limit holds however the attempts arrive."""
    return _count(f"attempts:{scope}:{_digest(key)}", lifetime_seconds)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _count(cache_key: str, timeout: int) -> int:
    cache.add(cache_key, 0, timeout)
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add and incr: this is the first use of a new one
        cache.add(cache_key, 0, timeout)
        return int(cache.incr(cache_key))
