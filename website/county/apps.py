from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountyIndexConfig(AppConfig):
    """The county's index of every UAT's published acts (public schema): one row per act,
    written by the website services when an act is published, changed or withdrawn, so the
    county site reads one table instead of every UAT's schema."""

    name = "website.county"
    label = "website_county"
    verbose_name = _("Indexul județean al actelor locale")
    # A UAT moved to another database (tenants.transfer) takes its index rows along.
    uat_public_rows = {"CountyAct": "schema_name"}
