"""The default world of the tests: two UATs, each with an administrator and a clerk."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from ghiseu.accounts.models import Role, User
from tenants.models import UAT
from tenants.services import OnboardingData, uat_onboard

PASSWORD = "parola-de-test-2026"


@dataclass(frozen=True)
class Portal:
    uat: UAT
    admin_email: str
    clerk_email: str

    @property
    def host(self) -> str:
        return f"{self.uat.slug}.{settings.GHISEU_BASE_DOMAIN}"

    def client(self) -> Client:
        return Client(HTTP_HOST=self.host)


@dataclass(frozen=True)
class World:
    resita: Portal
    caransebes: Portal

    @property
    def county_host(self) -> str:
        return settings.GHISEU_BASE_DOMAIN

    def county_client(self) -> Client:
        return Client(HTTP_HOST=self.county_host)


def _portal(slug: str, name: str, short: str, kind: str, siruta: int, primary: str) -> Portal:
    admin_email, clerk_email = f"admin@{slug}.example.org", f"clerk@{slug}.example.org"
    uat = uat_onboard(
        data=OnboardingData(
            official_name=name,
            short_name=short,
            kind=kind,
            slug=slug,
            siruta=siruta,
            admin_email=admin_email,
            primary_color=primary,
            secondary_color="#f2c14e",
            contact_email=f"registratura@{slug}.example.org",
            opening_hours="Luni–Vineri 8–16",
        )
    )
    with schema_context(uat.schema_name):
        admin = User.objects.get(email=admin_email)
        admin.set_password(PASSWORD)
        admin.save()
        User.objects.create_user(clerk_email, PASSWORD, role=Role.CLERK, full_name="Ion Popescu")
    return Portal(uat=uat, admin_email=admin_email, clerk_email=clerk_email)


def build_world() -> World:
    return World(
        resita=_portal("resita-t", "Municipiul Reșița", "Reșița", "municipiu", 990001, "#9b1c1c"),
        caransebes=_portal(
            "caransebes-t", "Municipiul Caransebeș", "Caransebeș", "municipiu", 990002, "#14532d"
        ),
    )
