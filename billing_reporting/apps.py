from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingReportingConfig(AppConfig):
    """Usage metering per UAT, statements, quality facts and indicators (public schema)."""

    name = "billing_reporting"
    verbose_name = _("Facturare și raportare")
    # Public rows that move with a UAT (uat_export / uat_import): model -> its schema's lookup.
    # Statements stay with the county that issued them (and with its price lists).
    uat_public_rows = {
        "UsageEvent": "schema_name",
        "UsageMonth": "schema_name",
        "CaseFact": "schema_name",
        "DailyStat": "schema_name",
        "MonthlyStat": "schema_name",
        "UATMonthlyStat": "schema_name",
        "Population": "schema_name",
    }

    def ready(self) -> None:
        from dms.cases.facts import case_changed

        # The workers find the tasks of every package (autodiscovery looks for
        # ``billing_reporting.tasks`` only).
        from .facts import tasks as _facts_tasks  # noqa: F401
        from .facts.receivers import on_case_changed
        from .statements import tasks as _statement_tasks  # noqa: F401

        case_changed.connect(on_case_changed, dispatch_uid="billing_reporting_facts")
