"""The nightly repair: a re-run changes nothing, a lost fact is written again, aggregates
follow the facts."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone
from django_tenants.utils import schema_context

from billing_reporting.facts.services import facts_refresh
from billing_reporting.facts.tasks import facts_refresh as facts_refresh_task
from billing_reporting.models import CaseFact, DailyStat, MonthlyStat, UATMonthlyStat
from billing_reporting.tests.worlds import generate
from dms.cases.history import HistoryMix

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, list[dict]]:
    return {
        model.__name__: sorted(
            (
                model_to_dict(row) | {"updated_at": getattr(row, "updated_at", None)}
                for row in model.objects.all()
            ),
            key=lambda row: row["id"],
        )
        for model in (CaseFact, DailyStat, MonthlyStat, UATMonthlyStat)
    }


@pytest.fixture
def history(world):
    generate("resita_t", cases=500, mix=HistoryMix(), today=timezone.localdate(), days=120)


def test_a_second_run_changes_nothing(history):
    facts_refresh_task(full=True)
    first = _snapshot()
    assert len(first["CaseFact"]) == 500 and first["DailyStat"] and first["UATMonthlyStat"]
    facts_refresh_task(full=True)
    assert _snapshot() == first


def test_a_deleted_fact_is_written_again_with_the_same_figures(history):
    with schema_context("resita_t"):
        facts_refresh(schema="resita_t", days=None)
    before = _snapshot()
    lost = CaseFact.objects.filter(schema_name="resita_t", outcome="answered").order_by("?").first()
    CaseFact.objects.filter(pk=lost.pk).delete()
    with schema_context("resita_t"):
        facts_refresh(schema="resita_t", days=None)
    again = CaseFact.objects.get(schema_name="resita_t", case_id=lost.case_id)
    keep = {"id", "updated_at"}
    assert {k: v for k, v in model_to_dict(again).items() if k not in keep} == {
        k: v for k, v in model_to_dict(lost).items() if k not in keep
    }
    after = _snapshot()
    assert after["MonthlyStat"] == before["MonthlyStat"]
    assert after["DailyStat"] == before["DailyStat"]


def test_aggregates_drop_a_day_whose_facts_are_gone(history):
    with schema_context("resita_t"):
        facts_refresh(schema="resita_t", days=None)
        day = DailyStat.objects.filter(schema_name="resita_t").order_by("day").first().day
        CaseFact.objects.filter(schema_name="resita_t", registered_on=day).update(
            service_code="altceva"
        )
        from billing_reporting.facts.services import stats_refresh

        stats_refresh(schema="resita_t", days={day})
    codes = set(
        DailyStat.objects.filter(schema_name="resita_t", day=day).values_list(
            "service_code", flat=True
        )
    )
    assert codes == {"altceva"}


def test_the_nightly_window_writes_again_a_lost_fact_of_an_open_case(history):
    facts_refresh_task(full=True)
    open_fact = CaseFact.objects.filter(schema_name="resita_t", outcome="open").first()
    old_fact = CaseFact.objects.filter(schema_name="resita_t", outcome="answered").first()
    CaseFact.objects.filter(pk__in=[open_fact.pk, old_fact.pk]).delete()
    facts_refresh_task()  # the nightly run: the last days' cases and every open one
    again = CaseFact.objects.get(schema_name="resita_t", case_id=open_fact.case_id)
    assert (again.number, again.outcome, again.due_on) == (
        open_fact.number,
        "open",
        open_fact.due_on,
    )
    # A case closed months ago is outside the window: the full run (facts_rebuild) takes it.
    assert not CaseFact.objects.filter(schema_name="resita_t", case_id=old_fact.case_id).exists()
    facts_refresh_task(full=True)
    assert CaseFact.objects.filter(schema_name="resita_t", case_id=old_fact.case_id).exists()
