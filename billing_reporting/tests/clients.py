"""Signed-in test clients for a UAT's staff and for the county console."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from ghiseu.accounts.models import User
from tests.world import PASSWORD

COUNTY_ADMIN = "judet@example.org"


class SchemaKeepingClient(Client):
    """Gives the connection back in the schema the test was using (a request leaves it on
    the public schema)."""

    def request(self, **request: Any) -> Any:
        schema = connection.schema_name
        try:
            return super().request(**request)
        finally:
            if connection.schema_name != schema:
                connection.set_schema(schema)


def staff_client(
    portal: Any, user: User, *, login: str = "/birou/autentificare/"
) -> SchemaKeepingClient:
    """Signed in through the sign-in form, as a person would."""
    client = SchemaKeepingClient(HTTP_HOST=portal.host)
    response = client.post(login, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, "sign-in failed"
    return client


def county_client(world: Any) -> SchemaKeepingClient:
    with schema_context("public"):
        admin = User.objects.filter(email=COUNTY_ADMIN).first() or User.objects.create_superuser(
            COUNTY_ADMIN, PASSWORD
        )
    return staff_client(_County(world.county_host), admin, login="/consola/cont/autentificare/")


class _County:
    def __init__(self, host: str) -> None:
        self.host = host
