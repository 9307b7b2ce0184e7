from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Append-only audit events (ISO 9001 traceability), in the public and every UAT schema."""

    name = "ghiseu.audit"
    label = "audit"
    verbose_name = _("Jurnal de audit")
