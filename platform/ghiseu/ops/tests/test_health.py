from __future__ import annotations

import pytest

from ghiseu.ops import health

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "host", ["localhost", "resita-t.localhost", "10.0.3.17", "nicaieri.localhost"]
)
def test_liveness_answers_on_any_host(world, client, host):
    response = client.get("/healthz", HTTP_HOST=host)
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readiness_checks_database_redis_and_storage(client):
    response = client.get("/readyz", HTTP_HOST="10.0.3.17")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert {name for name, result in checks.items() if result["ok"]} == {
        "database",
        "redis",
        "storage",
    }


def test_readiness_reports_a_broken_dependency_as_503(client, monkeypatch):
    def redis_down() -> None:
        raise ConnectionError("redis gone")

    monkeypatch.setitem(health.CHECKS, "redis", redis_down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == {
        "ok": False,
        "error": "ConnectionError",
        "ms": response.json()["checks"]["redis"]["ms"],
    }


def test_every_response_has_a_request_id_and_a_strict_csp(world):
    response = world.resita.client().get("/", HTTP_X_REQUEST_ID="alb-1234567890")
    assert response["X-Request-ID"] == "alb-1234567890"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    forged = world.resita.client().get("/", HTTP_X_REQUEST_ID="<script>")
    assert forged["X-Request-ID"] != "<script>" and len(forged["X-Request-ID"]) == 32
