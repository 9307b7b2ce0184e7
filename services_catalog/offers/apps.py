from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    """Each UAT's offer of catalog services (its own schema)."""

    name = "services_catalog.offers"
    label = "offers"
    verbose_name = _("Oferta de servicii")

    def ready(self) -> None:
        from dms.departments.services import department_renamed
        from tenants.signals import uat_onboarded

        from . import services

        uat_onboarded.connect(
            services.offers_create_defaults_on_onboarding, dispatch_uid="offers_defaults"
        )
        department_renamed.connect(
            services.offers_follow_department_rename, dispatch_uid="offers_department_rename"
        )
