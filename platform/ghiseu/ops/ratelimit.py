"""Fixed-window rate limits on the shared cache (Redis): cheap, and shared by every web worker.

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
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    bucket = int(time.time() // window_seconds)
    cache_key = f"ratelimit:{scope}:{digest}:{bucket}"
    if cache.add(cache_key, 1, window_seconds + 5):
        return 1 > limit
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window_seconds + 5)
        count = 1
    return count > limit
