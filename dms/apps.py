from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DmsConfig(AppConfig):
    """Document management: registry, cases and their workflow, documents, archive."""

    name = "dms"
    verbose_name = _("Registratură și documente")

    def ready(self) -> None:
        # The workers find the tasks of every package (Celery's autodiscovery looks for
        # ``dms.tasks`` only).
        from dms.archive import services as archive
        from dms.archive import tasks as _archive_tasks  # noqa: F401
        from dms.cases import handover
        from dms.cases import tasks as _case_tasks  # noqa: F401
        from dms.departments import services as departments
        from dms.documents import tasks as _document_tasks  # noqa: F401
        from ghiseu.accounts.services import role_change_check_register
        from ghiseu.notifications.kinds import register_kind
        from tenants.signals import uat_onboarded

        handover.register()  # a deactivated colleague's open cases go to another
        from dms.cases.dashboard import work_panel
        from ghiseu.accounts.dashboard import panel_register

        panel_register(work_panel)  # the staff home's "my work"
        # A new UAT starts with the usual compartments (the offers' receiver makes them too,
        # before the offers that point at them, so the receivers' order does not matter).
        uat_onboarded.connect(
            departments.departments_defaults_create_on_onboarding,
            dispatch_uid="dms_departments_defaults",
        )
        role_change_check_register(departments.role_change_check)
        uat_onboarded.connect(
            archive.nomenclature_defaults_create_on_onboarding,
            dispatch_uid="dms_nomenclature_defaults",
        )

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
        register_kind(
            "case.updated",
            {
                "recipient_name": "Ion Popescu",
                "number": "125/02.03.2026",
                "headline": "Vi s-au cerut completări",
                "event": "clarification_requested",
                "status": "așteaptă completări",
                "message": "Vă rugăm să trimiteți copia actului de proprietate.",
                "extra": "",
                "due_date": "01.04.2026",
                "tracking_url": "https://resita.example.org/cerere/abc/",
                "survey_url": "https://resita.example.org/evaluare/abc/",
            },
        )
        staff_sample = {
            "recipient_name": "Maria Ionescu",
            "number": "125/02.03.2026",
            "summary": "Petiție: groapă în carosabil",
            "due_date": "01.04.2026",
            "case_url": "https://resita.example.org/birou/dosare/1/",
        }
        register_kind("case.reminder", staff_sample)
        register_kind("case.escalated", staff_sample)
