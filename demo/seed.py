"""The demo county: Caraș-Severin's council, municipalities, towns and some communes.

Idempotent: a UAT that exists is kept as it is; missing demo accounts are added.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django_tenants.utils import schema_context
from PIL import Image, ImageDraw

from demo.citizens import seed_citizen_journey
from demo.site import site_demo_seed
from dms.archive.services import nomenclature_defaults_create
from dms.departments.services import departments_defaults_create
from dms.models import Department
from ghiseu.accounts.models import Role, User
from ghiseu.accounts.twofactor.demo import demo_totp_ensure
from services_catalog.offers.services import offers_create_defaults
from services_catalog.services import catalog_seed
from tenants.models import UAT
from tenants.services import OnboardingData, uat_onboard

SEED_FILE = Path(__file__).with_name("seed_data.json")
DEMO_PASSWORD = "ghiseu-demo-2026"  # noqa: S105 (printed by make demo; never in production)
COUNTY_ADMIN_EMAIL = "admin@judet.example.org"
# Their administrators set up two-factor sign-in themselves at their first sign-in; every
# other demo administrator has an authenticator app whose secret make demo prints.
DEMO_TWO_FACTOR_SETUP = frozenset({"resita"})


@dataclass
class SeedReport:
    created: list[str]
    kept: list[str]


def seed_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    return rows


def demo_logins(slug: str) -> tuple[str, str]:
    return f"admin@{slug}.example.org", f"functionar@{slug}.example.org"


def coat_of_arms_image(primary: str, secondary: str, initial: str) -> SimpleUploadedFile:
    """A simple drawn shield in the UAT's colours (real coats of arms are uploaded by UATs)."""
    image = Image.new("RGBA", (96, 96), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    shield = [(8, 6), (88, 6), (88, 52), (48, 92), (8, 52)]
    draw.polygon(shield, fill=primary, outline=secondary)
    draw.line([*shield, shield[0]], fill=secondary, width=5)
    draw.rectangle((28, 26, 68, 58), fill=secondary)
    draw.text((42, 34), initial, fill=primary)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("stema.png", buffer.getvalue(), content_type="image/png")


def seed_county() -> SeedReport:
    report = SeedReport(created=[], kept=[])
    _ensure_county_admin()
    catalog_seed()
    existing = set(UAT.objects.values_list("slug", flat=True))
    for row in seed_rows():
        admin_email, clerk_email = demo_logins(row["slug"])
        if row["slug"] in existing:
            report.kept.append(row["slug"])
        else:
            uat_onboard(
                data=OnboardingData(
                    official_name=row["official_name"],
                    short_name=row["short_name"],
                    kind=row["kind"],
                    slug=row["slug"],
                    siruta=row["siruta"],
                    admin_email=admin_email,
                    primary_color=row["primary_color"],
                    secondary_color=row["secondary_color"],
                    coat_of_arms=coat_of_arms_image(
                        row["primary_color"], row["secondary_color"], row["short_name"][:1]
                    ),
                    fiscal_code=row.get("cif") or "",
                    address=row.get("address") or "",
                    contact_email=row.get("email") or "",
                    contact_phone=row.get("phone") or "",
                    opening_hours=row.get("opening_hours") or "",
                    website=row.get("website") or "",
                )
            )
            report.created.append(row["slug"])
        _ensure_demo_staff(row["slug"], admin_email, clerk_email)
        with schema_context(row["slug"].replace("-", "_")):
            departments_defaults_create(uat_kind=row["kind"])
            nomenclature_defaults_create()
            offers_create_defaults(uat_kind=row["kind"])
            _demo_clerk_in_every_department(clerk_email)
            _ensure_demo_secretary(row["slug"])
            site_demo_seed(uat=UAT.objects.get(slug=row["slug"]))
    seed_citizen_journey()
    return report


def _ensure_county_admin() -> None:
    with schema_context("public"):
        if not User.objects.filter(email=COUNTY_ADMIN_EMAIL).exists():
            User.objects.create_superuser(
                COUNTY_ADMIN_EMAIL, DEMO_PASSWORD, full_name="Administrator județean (demo)"
            )
        demo_totp_ensure(user=User.objects.get(email=COUNTY_ADMIN_EMAIL))


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    # Hashing is deliberately slow; the demo accounts all share one password, so hash it once.
    return make_password(DEMO_PASSWORD)


@transaction.atomic
def _ensure_demo_staff(slug: str, admin_email: str, clerk_email: str) -> None:
    schema = slug.replace("-", "_")
    with schema_context(schema):
        admin = User.objects.filter(email=admin_email).first()
        if admin is not None and not admin.has_usable_password():
            admin.password = _demo_password_hash()
            admin.save(update_fields=["password"])
        if admin is not None and slug not in DEMO_TWO_FACTOR_SETUP:
            demo_totp_ensure(user=admin)
        if not User.objects.filter(email=clerk_email).exists():
            clerk = User.objects.create_user(
                clerk_email, role=Role.CLERK, full_name="Funcționar (demo)"
            )
            clerk.password = _demo_password_hash()
            clerk.save(update_fields=["password"])


def _ensure_demo_secretary(slug: str) -> None:
    """The secretary general keeps the MOL (in the UAT's schema, already current). The role
    signs in with a second factor: an authenticator app is there already, its secret printed."""
    email = demo_secretary_login(slug)
    secretary = User.objects.filter(email=email).first()
    if secretary is None:
        secretary = User.objects.create_user(
            email, role=Role.SECRETARY, full_name="Secretar general (demo)"
        )
        secretary.password = _demo_password_hash()
        secretary.save(update_fields=["password"])
    demo_totp_ensure(user=secretary)


def demo_secretary_login(slug: str) -> str:
    return f"secretar@{slug}.example.org"


def _demo_clerk_in_every_department(clerk_email: str) -> None:
    """The demo's one clerk works everywhere, so whatever a visitor files lands in their inbox
    (a real UAT's administrator sets who works where in /birou/compartimente/)."""
    clerk = User.objects.get(email=clerk_email)
    for department in Department.objects.filter(is_active=True):
        department.members.add(clerk)
