"""Generated worlds for the quality tests: cases written in bulk SQL with known shares."""

from __future__ import annotations

from datetime import date, timedelta

from django_tenants.utils import schema_context

from dms.cases.history import HistoryMix, HistoryService, history_generate
from dms.models import Department
from tenants.models import UAT
from tenants.services import OnboardingData, uat_onboard

# Every service here allows an extension, so the planned extended share is exact.
SERVICES = (
    ("petitie", "Petiție", 30, "calendar", 15, "Relații cu publicul", 40),
    (
        "informatii-publice",
        "Informații de interes public",
        10,
        "calendar",
        20,
        "Relații cu publicul",
        15,
    ),
    ("certificat-urbanism", "Certificat de urbanism", 15, "calendar", 15, "Urbanism", 25),
    ("certificat-fiscal", "Certificat fiscal", 2, "working", 3, "Taxe", 20),
)


def departments_for(names: set[str]) -> dict[str, int]:
    return {name: Department.objects.get_or_create(name=name)[0].pk for name in sorted(names)}


def services_here() -> list[HistoryService]:
    """The world's services, with departments created in the current schema."""
    departments = departments_for({row[5] for row in SERVICES})
    return [
        HistoryService(
            code=code,
            title=title,
            term_days=term,
            term_unit=unit,
            extension_days=extension,
            department_id=departments[department],
            department_name=department,
            weight=weight,
        )
        for code, title, term, unit, extension, department, weight in SERVICES
    ]


def third_uat() -> UAT:
    return uat_onboard(
        data=OnboardingData(
            official_name="Orașul Anina",
            short_name="Anina",
            kind="oras",
            slug="anina-t",
            siruta=990003,
            admin_email="admin@anina-t.example.org",
            primary_color="#1f4e79",
            secondary_color="#f2c14e",
        )
    )


def generate(
    schema: str, *, cases: int, mix: HistoryMix, today: date, key: str = "world", days: int = 330
) -> None:
    """``cases`` cases registered over ``days`` days ending four months before ``today``:
    every planned closing day has passed, so the planned shares hold exactly."""
    last = today - timedelta(days=125)
    with schema_context(schema):
        history_generate(
            key=key,
            cases=cases,
            first_day=last - timedelta(days=days),
            last_day=last,
            services=services_here(),
            mix=mix,
        )
