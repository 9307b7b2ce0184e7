"""Per-request (or per-task) context for logs and error reports."""

from __future__ import annotations

from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")
current_tenant: ContextVar[str] = ContextVar("current_tenant", default="-")


def bind_tenant(schema_name: str) -> None:
    current_tenant.set(schema_name)
    try:
        import sentry_sdk

        sentry_sdk.set_tag("tenant", schema_name)
    except ImportError:  # pragma: no cover - sentry-sdk is a locked dependency
        pass
