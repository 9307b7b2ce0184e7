from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff accounts: county administrators in the public schema, UAT staff in each UAT's."""

    name = "ghiseu.accounts"
    label = "accounts"
    verbose_name = _("Conturi")
