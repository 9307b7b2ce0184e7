from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Fees paid online: each UAT's payments (its schema), through plug-in providers."""

    name = "payments"
    verbose_name = _("Plăți")
    default_auto_field = "django.db.models.BigAutoField"
