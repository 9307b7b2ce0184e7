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

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .host_cache import hosts_forget
        from .models import UAT, Domain

        for model in (UAT, Domain):
            for signal in (post_save, post_delete):
                signal.connect(hosts_forget, sender=model, dispatch_uid=f"hosts_forget_{model}")
