"""Sentry: on only when SENTRY_DSN is set; events tagged with the tenant, no personal data."""

from __future__ import annotations

from .env import DJANGO_ENV, env, secret

SENTRY_DSN = secret("SENTRY_DSN") or ""

if SENTRY_DSN:
    from ghiseu.ops.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=DJANGO_ENV,
        release=env.str("GHISEU_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
