"""A request filed just after midnight in Romania is numbered and dated on that Romanian day
everywhere it is shown or printed, although the database keeps the time in UTC (22:30 UTC on
31 December is 00:30 on 1 January in Bucharest: the new year's register)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader

from billing_reporting.quality.models import Nonconformity
from dms.cases.tests.test_inbox import signed_in
from dms.tests.factories import office, register
from ghiseu.notifications.models import Notification

pytestmark = pytest.mark.django_db
NEW_YEAR_NIGHT = datetime(2026, 12, 31, 22, 30, tzinfo=UTC)


def test_a_request_filed_after_midnight_shows_the_romanian_date_everywhere(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(timezone, "now", lambda: NEW_YEAR_NIGHT)
    with schema_context("resita_t"):
        staff = office(world)
        with django_capture_on_commit_callbacks(execute=True):
            case = register()
        notices = dict(
            Notification.objects.filter(kind="request.registered").values_list(
                "channel", "body_text"
            )
        )
    number = "1/01.01.2027"
    assert (case.entry.year, case.entry.display_number) == (2027, number)
    assert number in notices["email"] and number in notices["sms"]

    citizen = world.resita.client()
    tracking = citizen.get(f"/cerere/{case.tracking_token}/").content.decode()
    assert f"Cererea nr. {number}" in tracking and "01.01.2027 00:30" in tracking
    assert "31.12.2026" not in tracking
    receipt = citizen.get(f"/cerere/{case.tracking_token}/recipisa.pdf").content
    printed = "".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt)).pages)
    assert number in printed and "31.12.2026" not in printed

    clerk = signed_in(world, staff.registrar)
    assert number in clerk.get("/birou/dosare/").content.decode()
    assert number in clerk.get(f"/birou/dosare/{case.pk}/").content.decode()
    book = clerk.get("/birou/registratura/", {"start": "2027-01-01", "end": "2027-01-31"})
    assert "01.01.2027 00:30" in book.content.decode()
    export = b"".join(
        clerk.get(
            "/birou/registratura/export.csv", {"start": "2027-01-01", "end": "2027-01-31"}
        ).streaming_content
    ).decode("utf-8-sig")
    assert "\r\n1;01.01.2027;" in export


def test_a_nonconformity_opened_on_new_years_night_is_numbered_in_the_new_year(world, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NEW_YEAR_NIGHT)
    with schema_context("resita_t"):
        finding = Nonconformity.objects.create(source="manual", title="Dosar pierdut")
    assert finding.display_number == f"NC {finding.pk}/2027"
