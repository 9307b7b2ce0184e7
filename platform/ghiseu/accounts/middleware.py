"""A session belongs to the schema that created it; anywhere else it is refused."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from ghiseu.ops.tenancy import tenant_db

SESSION_SCHEMA_KEY = "_ghiseu_schema"


@receiver(user_logged_in)
def bind_session_to_schema(sender: object, request: HttpRequest, **kwargs: object) -> None:
    request.session[SESSION_SCHEMA_KEY] = tenant_db().schema_name


class SessionTenantBindingMiddleware:
    """Defence in depth: sessions already live in each schema's own table."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bound = request.session.get(SESSION_SCHEMA_KEY)
        if request.user.is_authenticated and bound != tenant_db().schema_name:
            logout(request)
        return self.get_response(request)
