from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    """UATs (the tenants), their domains, onboarding and branding data."""

    name = "tenants"
    verbose_name = _("Unități administrativ-teritoriale")
