from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    """What each UAT keeps in its own schema for ISO 9001: the citizens' satisfaction surveys
    (9.1.2) and the register of nonconformities and corrective actions (10.2).

    A separate app from ``billing_reporting`` because django-tenants gives an app's tables to
    every schema it is listed for: the facts, aggregates and statements belong to the public
    schema only (with the tenant first on the search path, a per-UAT copy of them would shadow
    the real ones), and surveys and nonconformities to each UAT only.
    """

    name = "billing_reporting.quality"
    label = "quality"
    verbose_name = _("Calitate")

    def ready(self) -> None:
        from dms.archive.erasure import eraser_register
        from dms.cases.notices import notice_extension_register
        from ghiseu.notifications.kinds import register_kind

        from .erasure import quality_copies_erase
        from .surveys.services import survey_link_for_notice

        notice_extension_register(survey_link_for_notice)
        eraser_register(quality_copies_erase)

        from billing_reporting.dashboard import quality_panel
        from ghiseu.accounts.dashboard import panel_register

        panel_register(quality_panel)

        register_kind(
            "quality.complaint",
            {
                "recipient_name": "Maria Ionescu",
                "number": "125/02.03.2026",
                "score": 1,
                "reason": "A durat prea mult",
                "comment": "Am așteptat două luni.",
                "nonconformity_url": "https://resita.example.org/birou/neconformitati/1/",
            },
        )
