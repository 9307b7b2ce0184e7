"""Monthly statements: issued once per UAT and month from the ledger and the facts, numbered,
never changed (a correction is a new one), seen by the county and by the UAT's own admin."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader

from billing_reporting.facts.tasks import facts_refresh
from billing_reporting.indicators.periods import add_months
from billing_reporting.models import CaseFact, PriceList, Statement, StatementLine, UsageMonth
from billing_reporting.statements.services import statement_correct, statements_issue_month
from billing_reporting.tests.clients import county_client, staff_client
from billing_reporting.tests.worlds import generate
from dms.cases.history import HistoryMix
from ghiseu.accounts.models import User

pytestmark = pytest.mark.django_db
LAST_MONTH = add_months(timezone.localdate().replace(day=1), -1)
PRICES = {
    "per_sms_segment": Decimal("0.05"),
    "per_email": Decimal("0.002"),
    "per_gb_month": Decimal("0.5"),
    "per_case": Decimal("0.10"),
    "fee_judet": Decimal("500"),
    "fee_municipiu": Decimal("300"),
    "fee_oras": Decimal("150"),
    "fee_comuna": Decimal("50"),
}


@pytest.fixture
def billed(world):
    PriceList.objects.create(valid_from=add_months(LAST_MONTH, -12), **PRICES)
    UsageMonth.objects.create(schema_name="resita_t", kind="sms", month=LAST_MONTH, quantity=1234)
    UsageMonth.objects.create(schema_name="resita_t", kind="email", month=LAST_MONTH, quantity=5000)
    generate(
        "resita_t",
        cases=90,
        mix=HistoryMix(),
        today=timezone.localdate() + timedelta(days=160),
        days=40,
    )
    facts_refresh(full=True)
    return CaseFact.objects.filter(
        schema_name="resita_t",
        registered_on__gte=LAST_MONTH,
        registered_on__lt=add_months(LAST_MONTH, 1),
    ).count()


def test_each_uat_gets_its_statement_once_numbered_without_gaps(world, billed):
    assert statements_issue_month(month=LAST_MONTH) == 2
    assert statements_issue_month(month=LAST_MONTH) == 0
    resita = Statement.objects.get(schema_name="resita_t")
    year = timezone.localdate().year
    assert sorted(Statement.objects.values_list("number", flat=True)) == [
        f"{year}-0001",
        f"{year}-0002",
    ]
    lines = {line.kind: line for line in resita.lines.all()}
    assert lines["fee"].amount == Decimal("300.00")
    assert lines["sms"].quantity == 1234 and lines["sms"].amount == Decimal("61.70")
    assert lines["email"].amount == Decimal("10.00")
    assert lines["cases"].quantity == billed and billed > 0
    assert resita.total == sum(line.amount for line in lines.values())


def test_an_issued_statement_never_changes(world, billed):
    statements_issue_month(month=LAST_MONTH)
    statement = Statement.objects.get(schema_name="resita_t")
    for attempt in (
        lambda: Statement.objects.filter(pk=statement.pk).update(total=Decimal("1")),
        lambda: StatementLine.objects.filter(statement=statement).update(amount=Decimal("0")),
        lambda: Statement.objects.filter(pk=statement.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    statement.refresh_from_db()
    assert statement.total > Decimal("300")


def test_a_correction_is_a_new_statement_that_names_the_first(world, billed):
    statements_issue_month(month=LAST_MONTH)
    first = Statement.objects.get(schema_name="resita_t")
    UsageMonth.objects.filter(schema_name="resita_t", kind="sms").update(quantity=2000)
    with schema_context("public"):
        admin = User.objects.create_superuser("judet2@example.org", "x" * 12)
    correction = statement_correct(
        actor=admin, statement_id=first.pk, reason="SMS raportate târziu"
    )
    assert correction.corrects == first and correction.number != first.number
    assert correction.total == first.total + Decimal("38.30")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        statement_correct(actor=admin, statement_id=first.pk, reason="din nou")


def test_the_county_issues_sees_and_downloads_with_a_county_wide_summary(world, billed):
    county = county_client(world)
    county.post("/consola/facturare/emite/", {"luna": f"{LAST_MONTH:%Y-%m}"})
    page = county.get("/consola/facturare/", {"luna": f"{LAST_MONTH:%Y-%m}"}).content.decode()
    assert "Rezumatul județului: 2 situații" in page and "Municipiul Caransebeș" in page
    statement = Statement.objects.get(schema_name="resita_t")
    pdf = county.get(f"/consola/facturare/{statement.pk}.pdf")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert statement.number in text and "Municipiul Reșița" in text
    refused = county.post(f"/consola/facturare/{statement.pk}/corecteaza/", {"reason": ""})
    assert refused.status_code == 400
    assert county.get("/consola/facturare/", {"luna": "2026-99"}).status_code == 400
    assert county.get("/consola/facturare/", {"luna": "0000-01"}).status_code == 400
    this_month = timezone.localdate().replace(day=1)
    county.post("/consola/facturare/emite/", {"luna": f"{this_month:%Y-%m}"})
    assert not Statement.objects.filter(month=this_month).exists()


def test_a_price_list_refuses_bad_prices_and_past_months(world, billed):
    county = county_client(world)
    base = {name: "1" for name in PRICES}
    past = county.post("/consola/facturare/", {**base, "valid_from": f"{LAST_MONTH:%Y-%m}"})
    assert past.status_code == 400 and "lunile trecute" in past.content.decode()
    negative = county.post(
        "/consola/facturare/", {**base, "per_email": "-1", "valid_from": "2099-01"}
    )
    assert negative.status_code == 400
    next_month = add_months(timezone.localdate().replace(day=1), 1)
    done = county.post(
        "/consola/facturare/", {**base, "per_email": "0,003", "valid_from": f"{next_month:%Y-%m}"}
    )
    assert done.status_code == 302
    assert PriceList.objects.get(valid_from=next_month).per_email == Decimal("0.003")


def test_a_uat_administrator_sees_only_their_own_statements(world, billed):
    statements_issue_month(month=LAST_MONTH)
    mine = Statement.objects.get(schema_name="resita_t")
    theirs = Statement.objects.get(schema_name="caransebes_t")
    with schema_context("resita_t"):
        admin = User.objects.get(email=world.resita.admin_email)
        clerk = User.objects.get(email=world.resita.clerk_email)
    client = staff_client(world.resita, admin)
    listing = client.get("/birou/facturi/").content.decode()
    assert mine.number in listing and theirs.number not in listing
    assert client.get(f"/birou/facturi/{theirs.pk}/").status_code == 404
    assert client.get(f"/birou/facturi/{theirs.pk}.pdf").status_code == 404
    assert client.get(f"/birou/facturi/{mine.pk}.csv").status_code == 200
    assert staff_client(world.resita, clerk).get("/birou/facturi/").status_code == 403
