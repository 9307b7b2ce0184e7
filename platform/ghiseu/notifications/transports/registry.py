"""Which SMS providers are configured, in order of preference."""

from __future__ import annotations

from types import ModuleType

from django.conf import settings

from . import sms_http, sms_log, sms_sns

SMS_PROVIDERS: dict[str, ModuleType] = {"http": sms_http, "sns": sms_sns, "log": sms_log}


def sms_providers() -> list[ModuleType]:
    return [SMS_PROVIDERS[name] for name in settings.SMS_PROVIDERS]
