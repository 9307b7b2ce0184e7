"""The demo's year of history: cases, surveys, facts, a worked nonconformity register and last
month's statements; written once."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from billing_reporting.models import CaseFact, Population, Statement
from billing_reporting.quality.models import Nonconformity, Survey
from demo.history import seed_quality_history
from demo.seed import seed_county
from dms.models import Case

pytestmark = pytest.mark.django_db
SMALL = {"valiug", "armenis"}


def test_a_year_of_history_with_surveys_breaches_and_statements_written_once(world):
    seed_county()
    assert sorted(seed_quality_history(slugs=SMALL)) == sorted(SMALL)
    with schema_context("valiug"):
        cases = Case.objects.count()
        assert cases >= 120
        months = {c.created_at.strftime("%Y-%m") for c in Case.objects.only("created_at")}
        assert len(months) >= 12
        assert Survey.objects.filter(score__isnull=False).exists()
        breaches = Nonconformity.objects.filter(source="deadline")
        assert breaches.filter(state="closed").exists() or breaches.exists()
    assert CaseFact.objects.filter(schema_name="valiug").count() == cases
    assert CaseFact.objects.filter(schema_name="valiug", satisfaction__isnull=False).exists()
    assert Population.objects.get(schema_name="valiug").inhabitants == 1152
    assert Statement.objects.filter(schema_name="valiug").count() == 1

    assert seed_quality_history(slugs=SMALL) == []
    with schema_context("valiug"):
        assert Case.objects.count() == cases
    assert Statement.objects.filter(schema_name="valiug").count() == 1
