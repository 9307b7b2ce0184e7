from __future__ import annotations

import logging

import pytest

from ghiseu.ops.logging import PersonalDataFilter, RequestContextFilter
from ghiseu.ops.sentry import scrub_event

pytestmark = pytest.mark.django_db


def test_log_records_carry_tenant_and_request_id(world, caplog):
    logger = logging.getLogger("django.request")
    caplog.handler.addFilter(RequestContextFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        world.resita.client().get("/nu-exista/", HTTP_X_REQUEST_ID="req-abcdef123")
    record = next(r for r in caplog.records if r.name == logger.name)
    assert record.tenant == "resita_t"
    assert record.request_id == "req-abcdef123"


def test_cnp_is_masked_in_logs():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "cerere de la %s", ("1960101123456",), None
    )
    PersonalDataFilter().filter(record)
    assert "1960101123456" not in record.getMessage() and "[CNP]" in record.getMessage()


def test_sentry_events_lose_user_body_and_cnp():
    event = {
        "user": {"email": "x@example.org"},
        "request": {"data": {"cnp": "1960101123456"}, "cookies": {"s": "1"}, "url": "/"},
        "exception": {
            "values": [
                {
                    "value": "CNP 2960101123457 invalid",
                    "stacktrace": {"frames": [{"vars": {"cnp": "1"}}]},
                }
            ]
        },
    }
    scrubbed = scrub_event(event, {})
    assert "user" not in scrubbed
    assert "data" not in scrubbed["request"] and "cookies" not in scrubbed["request"]
    assert scrubbed["exception"]["values"][0]["value"] == "CNP [CNP] invalid"
    assert "vars" not in scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]


def test_sentry_is_initialised_with_a_tenant_tag(world, monkeypatch):
    import sentry_sdk

    tags = {}
    monkeypatch.setattr(sentry_sdk, "set_tag", lambda key, value: tags.__setitem__(key, value))
    world.caransebes.client().get("/")
    assert tags["tenant"] == "caransebes_t"
