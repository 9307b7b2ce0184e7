from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff accounts: county administrators in the public schema, UAT staff in each UAT's."""

    name = "ghiseu.accounts"
    label = "accounts"
    verbose_name = _("Conturi")

    def ready(self) -> None:
        from ghiseu.notifications.kinds import register_kind

        from . import auth_events  # noqa: F401  (its receivers)

        register_kind(
            "accounts.two_factor_reset",
            {
                "name": "Ion Popescu",
                "admin": "Maria Ionescu",
                "reason": "Telefon pierdut",
                "when": "01.12.2026 10:00",
            },
        )
