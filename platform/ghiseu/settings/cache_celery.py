"""Redis: the cache (keys carry the tenant schema) and the Celery broker."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

from .env import IS_PRODUCTION, IS_TEST, VAR_DIR, env, secret

REDIS_URL_FROM_ENVIRONMENT = bool(secret("REDIS_URL"))

if not REDIS_URL_FROM_ENVIRONMENT and not IS_PRODUCTION:
    from ghiseu.embedded import redis as _embedded_redis

    _subdir = f"redis-{os.getpid()}" if IS_TEST else "redis"
    _process, os.environ["REDIS_URL"] = _embedded_redis.start(VAR_DIR / _subdir)

REDIS_URL = secret("REDIS_URL") or ""


def _next_database(url: str) -> str:
    parts = urlsplit(url)
    current = parts.path.strip("/") or "0"
    number = int(current) + 1 if current.isdigit() else 1
    return urlunsplit(parts._replace(path=f"/{number}"))


CACHES = {
    "default": {
        "BACKEND": "ghiseu.ops.cache.ReusingRedisCache",
        "LOCATION": REDIS_URL,
        # Every cache key carries the schema of the tenant it belongs to.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "KEY_PREFIX": "ghiseu",
        "TIMEOUT": 300,
    }
}
SESSION_ENGINE = "ghiseu.accounts.sessions.store"

# The broker gets the next database of the same Redis: emptying the cache (a deploy, a test)
# must never drop queued tasks. Override with CELERY_BROKER_URL.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or _next_database(REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TIMEZONE = "Europe/Bucharest"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Unit tests run tasks in-process; the pipeline's own suites start a real worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=IS_TEST)
CELERY_TASK_EAGER_PROPAGATES = True
