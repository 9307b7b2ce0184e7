from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: health and readiness, request ids, logging context, Sentry, heartbeat."""

    name = "ghiseu.ops"
    label = "ops"
    verbose_name = "Operations"
