"""Every portal's "Cât de repede răspundem": its own figures, aggregated, last 12 months."""

from __future__ import annotations

import pytest
from django.utils import timezone

from billing_reporting.facts.tasks import facts_refresh
from billing_reporting.tests.worlds import generate
from dms.cases.history import LAST_NAMES, HistoryMix

pytestmark = pytest.mark.django_db
PAGE = "/cat-de-repede-raspundem/"


def test_a_portal_shows_its_own_share_in_term_and_median_by_service(world):
    generate("resita_t", cases=200, mix=HistoryMix(), today=timezone.localdate(), days=150)
    facts_refresh(full=True)
    html = world.resita.client().get(PAGE).content.decode()
    assert "Cât de repede răspundem" in html and "<svg" in html
    assert "Petiție" in html and "% în termen" in html
    for name in LAST_NAMES:
        assert name not in html
    other = world.caransebes.client().get(PAGE).content.decode()
    assert "Nu avem încă răspunsuri" in other
    assert PAGE in world.resita.client().get("/").content.decode()  # linked from every page


def test_the_county_site_has_no_such_page(world):
    assert world.county_client().get(PAGE).status_code == 404


def test_the_page_makes_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    generate("resita_t", cases=300, mix=HistoryMix(), today=timezone.localdate(), days=150)
    facts_refresh(full=True)
    with django_assert_max_num_queries(8):
        world.resita.client().get(PAGE)
