from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """E-mail and SMS confirmations: persisted, then queued; delivered once as the citizen sees."""

    name = "ghiseu.notifications"
    label = "notifications"
    verbose_name = _("Notificări")
