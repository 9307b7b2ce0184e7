from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingReportingConfig(AppConfig):
    """Usage metering per UAT, statements, quality facts and indicators (public schema)."""

    name = "billing_reporting"
    # Public rows that move with a UAT (uat_export / uat_import): model -> its schema's lookup.
    uat_public_rows = {"UsageEvent": "schema_name", "UsageMonth": "schema_name"}
    verbose_name = _("Facturare și raportare")

    def ready(self) -> None:
        from dms.cases.facts import case_changed

        from .facts.receivers import on_case_changed

        case_changed.connect(on_case_changed, dispatch_uid="billing_reporting_facts")
