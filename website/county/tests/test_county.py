"""The county's index at <base-domain>/acte/: every UAT's published acts, one table, with
their communication to the prefect, searchable without diacritics."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from website.county.models import CountyAct
from website.mol.services import act_communicate, act_unpublish
from website.tests.helpers import register_act

pytestmark = pytest.mark.django_db


def test_the_county_index_lists_acts_of_every_uat_with_their_prefect_state(
    world, django_assert_max_num_queries
):
    with schema_context("resita_t"):
        communicated = register_act(title="privind bugetul Reșiței", adopted_on=date(2026, 10, 5))
        act_communicate(user=None, act_id=communicated.pk, communicated_on=date(2026, 10, 9))
        register_act(title="privind un act nepublicat", publish=False)
    with schema_context("caransebes_t"):
        register_act(title="privind taxele din Caransebeș", adopted_on=date(2026, 10, 5))
    client = world.county_client()
    with django_assert_max_num_queries(6):
        html = client.get("/acte/").content.decode()
    assert "Municipiul Reșița — Hotărârea nr. 1/2026" in html
    assert "Municipiul Caransebeș — Hotărârea nr. 1/2026" in html
    assert "nepublicat" not in html
    assert (
        "comunicat prefectului în termen" in html
        and "necomunicat prefectului: termen depășit" in html
    )
    assert "http://resita-t.localhost" in html and "/mol/hotarari/atom.xml" in html
    only = client.get("/acte/", {"uat": "caransebes_t"}).content.decode()
    assert "Caransebeș — Hotărârea" in only and "Reșița — Hotărârea" not in only
    overdue = client.get("/acte/", {"prefect": "overdue"}).content.decode()
    assert "taxele din Caransebeș" in overdue and "bugetul Reșiței" not in overdue
    with schema_context("resita_t"):
        register_act(title="privind bugetul din 2025", adopted_on=date(2025, 12, 31))
    year = client.get("/acte/", {"an": "2025"}).content.decode()
    assert "bugetul din 2025" in year and "bugetul Reșiței" not in year
    found = client.get("/acte/", {"q": "resitei"}).content.decode()
    assert "bugetul Reșiței" in found and "Caransebeș — Hotărârea" not in found


def test_a_withdrawn_act_leaves_the_county_index(world):
    with schema_context("resita_t"):
        act = register_act()
        assert CountyAct.objects.filter(schema_name="resita_t", act_id=act.pk).exists()
        act_unpublish(user=None, act_id=act.pk)
        assert not CountyAct.objects.filter(schema_name="resita_t").exists()


def test_bad_query_strings_on_the_county_index_are_not_errors(world):
    client = world.county_client()
    for params in [
        {"q": "\x00"},
        {"an": "99999"},
        {"an": "9999"},
        {"an": "0000"},
        {"uat": "public"},
        {"prefect": "x"},
        {"pagina": "abc"},
        {"sectiune": "<b>"},
    ]:
        assert client.get("/acte/", params).status_code == 200
