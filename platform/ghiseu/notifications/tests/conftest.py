from __future__ import annotations

import pytest

from .standins import start_gateway, start_smtp_sink


@pytest.fixture
def smtp_sink(settings):
    controller, sink = start_smtp_sink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = False
    yield sink
    controller.stop()


@pytest.fixture
def gateway(settings, tmp_path):
    server, gateway, url = start_gateway(timeout_sleep=1.0)
    settings.SMS_PROVIDERS = ["http", "log"]
    settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN = url, "secret-token"
    settings.SMS_HTTP_TIMEOUT = 0.5
    settings.SMS_OUTBOX_DIR = str(tmp_path / "outbox")
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 0
    yield gateway
    server.shutdown()
