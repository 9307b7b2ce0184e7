from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesCatalogConfig(AppConfig):
    """The shared catalog of public services (public schema) and the citizen portal."""

    name = "services_catalog"
    verbose_name = _("Catalogul de servicii")

    def ready(self) -> None:
        from dms.archive.erasure import eraser_register
        from ghiseu.notifications.kinds import register_kind

        from .erasure import filing_copies_erase
        from .filing import purposes_register

        purposes_register()
        eraser_register(filing_copies_erase)
        register_kind("portal.email_code", {"code": "123456", "service": "Petiție", "minutes": 15})
