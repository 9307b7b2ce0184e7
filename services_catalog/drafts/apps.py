from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftsConfig(AppConfig):
    """A citizen's unfinished forms, in the UAT's schema, kept a limited number of days."""

    name = "services_catalog.drafts"
    label = "drafts"
    verbose_name = _("Ciorne")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ghiseu.notifications.kinds import register_kind

        register_kind(
            "portal.draft_link",
            {
                "service": "Certificat de urbanism",
                "url": "https://resita.example.org/ciorna/abc/",
                "days": 30,
                "until": "31.12.2026",
            },
        )
