"""Statutory and management reports: any period, PDF and CSV, the indicators' figures."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader

from billing_reporting.facts.services import facts_refresh
from billing_reporting.indicators.periods import Period
from billing_reporting.indicators.selectors import uat_indicators
from billing_reporting.tests.clients import staff_client
from billing_reporting.tests.worlds import generate
from dms.cases.history import HistoryMix
from ghiseu.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    generate("resita_t", cases=500, mix=HistoryMix(late=90), today=timezone.localdate())
    with schema_context("resita_t"):
        facts_refresh(schema="resita_t", days=None)
        user = User.objects.get(email=world.resita.admin_email)
    return staff_client(world.resita, user)


def _query() -> tuple[dict[str, str], Period]:
    today = timezone.localdate()
    first = (today - timedelta(days=480)).replace(day=1)
    return {"de_la": f"{first:%Y-%m}", "pana_la": f"{today:%Y-%m}"}, Period(
        first, today.replace(day=1)
    )


def _line(text: str, label: str) -> list[str]:
    return next(line.split(";") for line in text.splitlines() if line.startswith(label + ";"))


def test_the_petitions_report_has_the_indicator_figures_of_petitions(world, admin):
    query, period = _query()
    text = admin.get("/birou/rapoarte/petitii.csv", query).content.decode("utf-8-sig")
    with schema_context("resita_t"):
        petitions = uat_indicators(schema="resita_t", period=period).services
    row = next(r for r in petitions if r.key == "petitie")
    assert _line(text, "Petiții înregistrate")[1] == str(row.tally.received)
    assert _line(text, "Soluționate în termenul legal")[1] == str(row.tally.answered_in_term)
    assert _line(text, "Redirecționate către instituția competentă")[1] == str(row.tally.forwarded)
    assert _line(text, "Petiție")[1:3] == [str(row.tally.received), str(row.tally.answered)]
    assert "Certificat de urbanism" not in text  # not a petition


def test_the_public_information_report_covers_legea_544_requests(world, admin):
    query, period = _query()
    text = admin.get("/birou/rapoarte/informatii-publice.csv", query).content.decode("utf-8-sig")
    with schema_context("resita_t"):
        rows = uat_indicators(schema="resita_t", period=period).services
    row = next(r for r in rows if r.key == "informatii-publice")
    assert _line(text, "Solicitări de informații de interes public înregistrate")[1] == str(
        row.tally.received
    )
    assert "Petiție" not in text


def test_the_management_review_compares_with_the_previous_period_as_pdf(world, admin):
    query, _period = _query()
    response = admin.get("/birou/rapoarte/analiza-management.pdf", query)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert (
        "Analiza efectuată de management" in text
        and "perioada curentă față de cea anterioară" in text
    )
    assert "Neconformități și acțiuni corective" in text and "Municipiul Reșița" in text


def test_reports_are_for_administrators_and_refuse_a_bad_period(world, admin):
    assert (
        admin.get(
            "/birou/rapoarte/petitii.csv", {"de_la": "2026-10", "pana_la": "2026-01"}
        ).status_code
        == 400
    )
    assert admin.get("/birou/rapoarte/nimic.pdf").status_code == 404
    assert admin.get("/birou/rapoarte/petitii.exe").status_code == 404
    with schema_context("resita_t"):
        clerk = User.objects.get(email=world.resita.clerk_email)
    assert staff_client(world.resita, clerk).get("/birou/rapoarte/petitii.pdf").status_code == 403


def test_another_uats_report_holds_none_of_these_cases(world, admin):
    query, _period = _query()
    with schema_context("caransebes_t"):
        other = User.objects.get(email=world.caransebes.admin_email)
    text = (
        staff_client(world.caransebes, other)
        .get("/birou/rapoarte/petitii.csv", query)
        .content.decode("utf-8-sig")
    )
    assert _line(text, "Petiții înregistrate")[1] == "0"
