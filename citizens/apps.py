from django.apps import AppConfig


class CitizensConfig(AppConfig):
    """The citizen's one identity across the county (public schema): who a national e-ID
    provider said they are, and what they chose to keep."""

    name = "citizens"
    verbose_name = "Citizens"
    default_auto_field = "django.db.models.BigAutoField"
