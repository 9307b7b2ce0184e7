"""Every page and download of the quality evidence makes as many queries for a year of
thousands of cases, hundreds of nonconformities and months of statements as for a handful:
they read facts and aggregates, never one row per case."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from billing_reporting.facts.tasks import facts_refresh
from billing_reporting.indicators.periods import add_months
from billing_reporting.models import PriceList, Statement
from billing_reporting.quality.models import Nonconformity
from billing_reporting.statements.services import PRICE_FIELDS, statements_issue_month
from billing_reporting.tests.clients import county_client, staff_client
from billing_reporting.tests.worlds import generate
from dms.cases.history import HistoryMix
from ghiseu.accounts.models import User

pytestmark = pytest.mark.django_db
LAST_MONTH = add_months(timezone.localdate().replace(day=1), -1)
PRICES = dict.fromkeys(PRICE_FIELDS, Decimal("1"))
# Generous, so that a page growing by one query per row fails, not one more join.
CEILING = 30


def _period() -> str:
    today = timezone.localdate()
    return f"de_la={today - timedelta(days=500):%Y-%m}&pana_la={today:%Y-%m}"


UAT_PAGES = (
    "/birou/",
    "/birou/indicatori/?{period}",
    "/birou/indicatori/indicatori.csv?{period}",
    "/birou/indicatori/indicatori.pdf?{period}",
    "/birou/neconformitati/?stare=toate",
    "/birou/neconformitati/{nonconformity}/",
    "/birou/rapoarte/?{period}",
    "/birou/rapoarte/petitii.csv?{period}",
    "/birou/rapoarte/petitii.pdf?{period}",
    "/birou/rapoarte/informatii-publice.pdf?{period}",
    "/birou/rapoarte/analiza-management.csv?{period}",
    "/birou/rapoarte/analiza-management.pdf?{period}",
    "/birou/facturi/",
    "/birou/facturi/{statement}/",
    "/birou/facturi/{statement}.pdf",
)
COUNTY_PAGES = (
    "/consola/indicatori/?{period}",
    "/consola/indicatori/comparatie.csv?{period}",
    "/consola/indicatori/populatie/",
    "/consola/indicatori/uat/resita-t/?{period}",
    "/consola/facturare/?luna={month}",
    "/consola/facturare/{statement}/",
    "/consola/facturare/{statement}.pdf",
)
PORTAL_PAGES = ("/cat-de-repede-raspundem/",)


def _grow(key: str, cases: int, months: list) -> None:
    """More cases (a fifth of them late: nonconformities) in both UATs, and statements."""
    mix = HistoryMix(late=200, stuck_open=20, extended=50, forwarded=30)
    today = timezone.localdate()
    for schema in ("resita_t", "caransebes_t"):
        generate(schema, cases=cases, mix=mix, today=today, key=key)
    facts_refresh(full=True)
    for month in months:
        statements_issue_month(month=month)


def _counts(clients: dict, paths: dict) -> dict[str, int]:
    with schema_context("resita_t"):
        nonconformity = Nonconformity.objects.order_by("pk").first()
    statement = Statement.objects.filter(schema_name="resita_t").order_by("pk").first()
    values = {
        "period": _period(),
        "month": f"{LAST_MONTH:%Y-%m}",
        "nonconformity": nonconformity.pk,
        "statement": statement.pk,
    }
    counts = {}
    for audience, templates in paths.items():
        for template in templates:
            path = template.format(**values)
            with CaptureQueriesContext(connection) as queries:
                response = clients[audience].get(path)
            assert response.status_code == 200, (path, response.status_code)
            counts[path] = len(queries.captured_queries)
    return counts


def test_no_page_or_download_makes_more_queries_for_more_cases(world):
    PriceList.objects.create(valid_from=add_months(LAST_MONTH, -24), **PRICES)
    _grow("few", 30, [LAST_MONTH])
    with schema_context("resita_t"):
        admin = User.objects.get(email=world.resita.admin_email)
    clients = {
        "uat": staff_client(world.resita, admin),
        "county": county_client(world),
        "portal": world.resita.client(),
    }
    paths = {"uat": UAT_PAGES, "county": COUNTY_PAGES, "portal": PORTAL_PAGES}
    few = _counts(clients, paths)
    assert max(few.values()) <= CEILING, few

    _grow("many", 1000, [add_months(LAST_MONTH, -n) for n in range(1, 7)])
    with schema_context("resita_t"):
        assert Nonconformity.objects.count() > 200
    assert Statement.objects.filter(schema_name="resita_t").count() == 7
    many = _counts(clients, paths)
    grown = {path: (few[path], many[path]) for path in few if many[path] > few[path]}
    assert not grown, grown
