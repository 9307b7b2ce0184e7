from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    """UATs (the tenants), their domains, onboarding and branding data."""

    name = "tenants"
    # Public rows that move with a UAT (uat_export / uat_import): model -> its schema's lookup.
    uat_public_rows = {
        "UAT": "schema_name",
        "Domain": "tenant__schema_name",
        "DomainClaim": "uat__schema_name",
    }
    verbose_name = _("Unități administrativ-teritoriale")
