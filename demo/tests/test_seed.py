from __future__ import annotations

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from demo.seed import demo_secretary_login, seed_county, seed_rows
from ghiseu.accounts.models import User
from ghiseu.accounts.twofactor.demo import demo_totp_code
from tenants.models import UAT
from website.consultation.models import Consultation
from website.content.models import Announcement
from website.county.models import CountyAct
from website.mol.models import Act, Section

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
    _every_uat_has_its_site(rows)
    secretary = demo_secretary_login("resita")
    with schema_context("resita"):
        device = TOTPDevice.objects.get(user__email=secretary, confirmed=True)
        assert device.verify_token(demo_totp_code(secretary)), "the printed secret signs in"

    second = seed_county()
    assert second.created == [] and len(second.kept) == len(rows)
    assert (UAT.objects.count(), _users("resita")) == counts


def _users(schema: str) -> int:
    with schema_context(schema):
        return User.objects.count()


def _every_uat_has_its_site(rows: list[dict[str, object]]) -> None:
    today = timezone.localdate()
    for row in rows:
        schema = str(row["slug"]).replace("-", "_")
        with schema_context(schema):
            published = Act.objects.filter(published_at__isnull=False)
            sections = set(published.values_list("section", flat=True))
            assert sections == set(Section.values), schema
            assert Announcement.objects.filter(published_at__isnull=False).exists(), schema
            assert any(c.is_open(today) for c in Consultation.objects.all()), schema
            acts = published.count()
        assert CountyAct.objects.filter(schema_name=schema).count() == acts
