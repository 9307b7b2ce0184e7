"""Logs carry the tenant and the request id; personal data (CNP) is masked."""

from __future__ import annotations

from .env import IS_PRODUCTION, env

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "ghiseu.ops.logging.RequestContextFilter"},
        "pii": {"()": "ghiseu.ops.logging.PersonalDataFilter"},
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s [tenant=%(tenant)s request=%(request_id)s] "
            "%(name)s: %(message)s"
        },
        "json": {"()": "ghiseu.ops.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context", "pii"],
            "formatter": "json" if IS_PRODUCTION else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        "django.security.DisallowedHost": {"level": "WARNING"},
        # pyhanko logs every signature it cannot validate (a self-signed or unknown issuer) as
        # a warning with a traceback; that outcome is the result the platform records and
        # shows on the document, not a fault.
        "pyhanko": {"level": "ERROR"},
    },
}
