from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    """Each UAT's offer of catalog services (its own schema)."""

    name = "services_catalog.offers"
    label = "offers"
    verbose_name = _("Oferta de servicii")

    def ready(self) -> None:
        from dms.archive.retention import offered_services_source_register
        from tenants.signals import uat_onboarded

        from . import selectors, services

        offered_services_source_register(selectors.offered_services_for_retention)

        # The receiver makes the UAT's default departments itself before the offers that
        # point at them, whatever order the receivers run in.
        uat_onboarded.connect(
            services.offers_create_defaults_on_onboarding, dispatch_uid="offers_defaults"
        )
