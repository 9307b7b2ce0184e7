"""The card processor stand-in (Netopia's API v2, its signatures and its callbacks) on a
free port, and the settings that point the platform at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from standins.netopia import ProcessorServer, serve_in_thread

API_KEY, POS = "test-api-key", "TEST-POS1-SIGN-2026"


@pytest.fixture(scope="session")
def _processor_server() -> Iterator[ProcessorServer]:
    server = serve_in_thread(api_key=API_KEY, pos_signature=POS)
    yield server
    server.shutdown()


@pytest.fixture
def card_processor(_processor_server: ProcessorServer, settings) -> ProcessorServer:
    settings.NETOPIA_API_URL = _processor_server.processor.base_url
    settings.NETOPIA_API_KEY = API_KEY
    settings.NETOPIA_POS_SIGNATURE = POS
    settings.NETOPIA_PUBLIC_KEY = _processor_server.processor.public_pem
    _processor_server.processor.behaviour = {"callbacks": "never"}
    return _processor_server
