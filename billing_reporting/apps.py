from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingReportingConfig(AppConfig):
    """Usage metering per UAT, statements, quality indicators."""

    name = "billing_reporting"
    verbose_name = _("Facturare și raportare")
