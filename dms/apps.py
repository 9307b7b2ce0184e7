from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DmsConfig(AppConfig):
    """Document management: registry, cases and their workflow, documents, archive."""

    name = "dms"
    verbose_name = _("Registratură și documente")
