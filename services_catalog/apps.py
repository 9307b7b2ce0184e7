from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesCatalogConfig(AppConfig):
    """The shared catalog of public services (public schema) and the citizen portal."""

    name = "services_catalog"
    verbose_name = _("Catalogul de servicii")
