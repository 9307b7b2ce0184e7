"""Payment providers, one module each; ``provider_get`` is the only way to reach one."""

from __future__ import annotations

from .base import (
    CallbackRefused,
    Checkout,
    Notification,
    PaymentProvider,
    ProviderError,
    ProviderStatus,
)


def provider_get(name: str) -> PaymentProvider:
    from .ghiseul import GhiseulProvider
    from .netopia import NetopiaProvider

    providers: dict[str, type] = {"netopia": NetopiaProvider, "ghiseul": GhiseulProvider}
    if name not in providers:
        raise ProviderError(f"unknown payment provider {name!r}")
    provider: PaymentProvider = providers[name]()
    return provider


__all__ = [
    "CallbackRefused",
    "Checkout",
    "Notification",
    "PaymentProvider",
    "ProviderError",
    "ProviderStatus",
    "provider_get",
]
