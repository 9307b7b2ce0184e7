from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DmsConfig(AppConfig):
    """Document management: registry, cases and their workflow, documents, archive."""

    name = "dms"
    verbose_name = _("Registratură și documente")

    def ready(self) -> None:
        from ghiseu.notifications.kinds import register_kind

        register_kind(
            "request.registered",
            {
                "recipient_name": "Ion Popescu",
                "number": "125/02.03.2026",
                "service": "Petiție",
                "due_date": "01.04.2026",
                "tracking_url": "https://resita.example.org/cerere/abc/",
            },
        )
