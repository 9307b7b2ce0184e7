"""Which SMS providers are configured, in order of preference; every transport by name."""

from __future__ import annotations

from types import ModuleType

from django.conf import settings

from . import email, sms_http, sms_log, sms_sns

SMS_PROVIDERS: dict[str, ModuleType] = {"http": sms_http, "sns": sms_sns, "log": sms_log}


def sms_providers() -> list[ModuleType]:
    return [SMS_PROVIDERS[name] for name in settings.SMS_PROVIDERS]


def transport_named(name: str) -> ModuleType | None:
    """The transport a row was handed to (its ``provider``), whatever the settings say now."""
    return {email.name: email, **SMS_PROVIDERS}.get(name)
