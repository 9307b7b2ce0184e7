from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesCatalogConfig(AppConfig):
    """The shared catalog of public services (public schema) and the citizen portal."""

    name = "services_catalog"
    verbose_name = _("Catalogul de servicii")

    def ready(self) -> None:
        from ghiseu.notifications.kinds import register_kind

        from .filing import purposes_register

        purposes_register()
        register_kind("portal.email_code", {"code": "123456", "service": "Petiție", "minutes": 15})
