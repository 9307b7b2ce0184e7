"""Production refuses to start on an embedded default or a missing secret."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .env import IS_PRODUCTION


def enforce_production_requirements(settings: dict[str, Any]) -> None:
    if not IS_PRODUCTION:
        return
    missing = [
        name
        for name, present in (
            ("DATABASE_URL", settings["DATABASE_URL_FROM_ENVIRONMENT"]),
            ("REDIS_URL", settings["REDIS_URL_FROM_ENVIRONMENT"]),
            ("DJANGO_SECRET_KEY", len(settings["SECRET_KEY"]) >= 50),
            ("AWS_STORAGE_BUCKET_NAME", bool(settings["AWS_STORAGE_BUCKET_NAME"])),
            ("SMS_PROVIDERS", bool(settings["SMS_PROVIDERS"])),
            (
                "EMAIL_URL or EMAIL_BACKEND",
                settings["EMAIL_URL_FROM_ENVIRONMENT"]
                or bool(settings["EMAIL_BACKEND_FROM_ENVIRONMENT"]),
            ),
        )
        if not present
    ]
    if missing:
        raise ImproperlyConfigured(
            "Production refuses to start on embedded defaults; set: " + ", ".join(missing)
        )
    if settings["DEBUG"]:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off in production")
    if settings["GHISEU_DOMAIN_PROOF_ALLOW_PRIVATE"]:
        raise ImproperlyConfigured("GHISEU_DOMAIN_PROOF_ALLOW_PRIVATE must be off in production")
    if not settings["GHISEU_TWO_FACTOR_ENFORCED"]:
        raise ImproperlyConfigured("GHISEU_TWO_FACTOR_ENFORCED must be on in production")
    if settings["GHISEU_BASE_DOMAIN"] == "localhost":
        raise ImproperlyConfigured("GHISEU_BASE_DOMAIN must be the real base domain in production")
