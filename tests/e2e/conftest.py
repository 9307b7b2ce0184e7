"""Browser tests: Debian's Chromium driven by Playwright against a live server.

The server serves the committed two-UAT world from a thread of this process. Chromium resolves
``*.localhost`` to the loopback address by itself, so every portal is reachable by its name.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

# The real SMTP server and SMS gateway stand-ins, for journeys that check what was sent.
from ghiseu.notifications.tests.conftest import gateway, smtp_sink  # noqa: F401

# Playwright's sync API runs an event loop in the test thread; the ORM calls made there are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = (
    os.environ.get("GHISEU_CHROMIUM", ""),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and shutil.which(candidate):
            return candidate
    return None


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def live_url(django_db_setup: None, django_db_blocker) -> Iterator[callable]:
    from django.core.wsgi import get_wsgi_application

    # WhiteNoise (in the middleware) serves the collected static files, as in production.
    application = get_wsgi_application()
    server = make_server(
        "127.0.0.1", 0, application, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    with django_db_blocker.unblock():
        thread.start()

        def url(host: str, path: str = "/") -> str:
            return f"http://{host}:{port}{path}"

        yield url
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: CI must install Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A 360 px wide phone screen, Romanian first."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="ro-RO",
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


# What reporting keeps about the cases a journey opens (facts, aggregates, surveys and
# nonconformities): truncated with the cases, so the next journey starts from the same world.
QUALITY_TABLES = (
    "resita_t.quality_nonconformity, resita_t.quality_survey, billing_reporting_casefact, "
    "billing_reporting_dailystat, billing_reporting_monthlystat, billing_reporting_uatmonthlystat"
)


def execute_committed(sql: str) -> None:
    """Run SQL on a connection of its own: the test's transaction would roll it back."""
    from django.db import DEFAULT_DB_ALIAS, connections

    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        own.set_autocommit(True)
        with own.cursor() as cursor:
            cursor.execute(sql)
    finally:
        own.close()
