from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """The institution's public site on each portal: the Monitorul Oficial Local, public
    consultation, announcements and the institution's pages (tenant schema)."""

    name = "website"
    verbose_name = _("Site-ul instituției")

    def ready(self) -> None:
        from ghiseu.notifications.kinds import register_kind

        prefect_sample = {
            "recipient_name": "Maria Ionescu",
            "act": "Hotărârea nr. 45/2026",
            "title": "privind aprobarea bugetului local pe anul 2026",
            "due_date": "15.05.2026",
            "act_url": "https://resita.example.org/birou/mol/12/",
        }
        register_kind("mol.prefect_reminder", prefect_sample)
        register_kind("mol.prefect_overdue", prefect_sample)
