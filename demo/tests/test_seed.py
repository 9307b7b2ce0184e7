from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from demo.seed import seed_county, seed_rows
from ghiseu.accounts.models import User
from tenants.models import UAT

pytestmark = pytest.mark.django_db


def test_seed_creates_the_county_and_a_second_run_changes_nothing(world):
    first = seed_county()
    rows = seed_rows()
    assert len(first.created) == len(rows) >= 13
    names = set(UAT.objects.values_list("short_name", flat=True))
    for town in (
        "Reșița",
        "Caransebeș",
        "Anina",
        "Băile Herculane",
        "Bocșa",
        "Moldova Nouă",
        "Oravița",
        "Oțelu Roșu",
    ):
        assert town in names
    assert (
        UAT.objects.filter(kind="judet").exists() and UAT.objects.filter(kind="comuna").count() >= 3
    )
    colours = set(
        UAT.objects.filter(slug__in=[r["slug"] for r in rows]).values_list(
            "primary_color", flat=True
        )
    )
    assert len(colours) == len(rows)
    counts = (UAT.objects.count(), _users("resita"))

    second = seed_county()
    assert second.created == [] and len(second.kept) == len(rows)
    assert (UAT.objects.count(), _users("resita")) == counts


def _users(schema: str) -> int:
    with schema_context(schema):
        return User.objects.count()
