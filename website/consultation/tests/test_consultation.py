"""Public consultation (Legea 52/2003): the dates checked, a recommendation sent with the
counter's e-mail proof and registered in the register of proposals, refused once closed, the
answers public, the yearly report as a PDF."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader

from ghiseu.audit.models import AuditEvent
from ghiseu.notifications.models import Notification
from website.consultation.models import Consultation, Recommendation
from website.consultation.rules import consultation_dates_check, earliest_vote
from website.consultation.services import (
    ConsultationData,
    consultation_create,
    recommendation_answer,
    recommendation_register,
)
from website.tests.helpers import checked_pdf, pdf_upload, secretary, signed_in

pytestmark = pytest.mark.django_db


def open_consultation(*, announced_on: date | None = None, **extra) -> Consultation:
    announced_on = announced_on or timezone.localdate()
    return consultation_create(
        user=None,
        data=ConsultationData(
            title="Proiect de hotărâre privind regulamentul parcărilor de reședință",
            summary_html="<p>Se propune <strong>regulamentul</strong> parcărilor.</p>",
            pdf=checked_pdf("Proiect", "Regulamentul parcărilor de reședință."),
            comments_until=announced_on + timedelta(days=extra.pop("days", 15)),
            vote_not_before=earliest_vote(announced_on) + timedelta(days=2),
            announced_on=announced_on,
            **extra,
        ),
    )


def test_the_dates_follow_legea_52():
    # Announced Monday 2 Nov 2026: 30 working days skip 30 Nov and 1 Dec and the weekends.
    assert earliest_vote(date(2026, 11, 2)) == date(2026, 12, 16)
    with pytest.raises(ValidationError) as short:
        consultation_dates_check(
            announced_on=date(2026, 11, 2),
            comments_until=date(2026, 11, 11),
            vote_not_before=date(2026, 12, 15),
        )
    assert set(short.value.message_dict) == {"comments_until", "vote_not_before"}
    assert "12.11.2026" in short.value.message_dict["comments_until"][0]
    assert "16.12.2026" in short.value.message_dict["vote_not_before"][0]
    consultation_dates_check(
        announced_on=date(2026, 11, 2),
        comments_until=date(2026, 11, 12),
        vote_not_before=date(2026, 12, 16),
    )


def test_a_citizen_sends_a_recommendation_proven_by_an_emailed_code(world):
    with schema_context("resita_t"):
        consultation = open_consultation()
    client = world.resita.client()
    page = client.get(consultation.public_path)
    assert page.status_code == 200 and "Trimiteți o recomandare scrisă" in page.content.decode()
    response = client.post(
        consultation.public_path,
        {
            "author_name": "Ana Pop",
            "organisation": "",
            "email": "ana.pop@example.org",
            "text": "Propun ca parcările să fie atribuite și pensionarilor.",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/confirmare/")
    with schema_context("resita_t"):
        assert not Recommendation.objects.exists()  # nothing before the address is proven
        code_mail = Notification.objects.get(
            kind="portal.email_code", recipient="ana.pop@example.org"
        )
        code = re.search(r"\b(\d{6})\b", code_mail.body_text).group(1)
    assert (
        client.post(
            response["Location"], {"cod": "000000" if code != "000000" else "111111"}
        ).status_code
        == 400
    )
    done = client.post(response["Location"], {"cod": code})
    assert done.status_code == 302
    page = client.get(consultation.public_path).content.decode()
    assert f"nr. 1/{timezone.localdate().year}" in page
    assert "A.P." in page and "ana.pop@example.org" not in page and "în analiză" in page
    with schema_context("resita_t"):
        recommendation = Recommendation.objects.get()
        assert recommendation.email == "ana.pop@example.org" and recommendation.number == 1
        assert (
            AuditEvent.objects.filter(action="consultation.recommendation_registered").count() == 1
        )
    # A replay of the confirmed step registers nothing more.
    assert client.post(response["Location"], {"cod": code}).status_code == 302
    with schema_context("resita_t"):
        assert Recommendation.objects.count() == 1


def test_a_recommendation_after_the_consultation_closed_is_refused(world):
    with schema_context("resita_t"):
        closed = open_consultation(announced_on=timezone.localdate() - timedelta(days=40), days=12)
    client = world.resita.client()
    page = client.get(closed.public_path).content.decode()
    assert "consultarea s-a încheiat" in page and "Trimiteți o recomandare scrisă" not in page
    response = client.post(
        closed.public_path,
        {"author_name": "Ana Pop", "email": "ana@example.org", "text": "Prea târziu?"},
    )
    assert response.status_code == 400 and "s-a încheiat" in response.content.decode()
    with schema_context("resita_t"):
        with pytest.raises(ValidationError):
            recommendation_register(
                consultation_id=closed.pk,
                author_name="Ana Pop",
                organisation="",
                email="ana@example.org",
                text="x",
                submission_key="k-closed",
            )
        assert not Recommendation.objects.exists()
        assert not Notification.objects.filter(kind="portal.email_code").exists()


def test_bad_recommendations_get_field_errors(world):
    with schema_context("resita_t"):
        consultation = open_consultation()
    client = world.resita.client()
    for data, message in [
        (
            {"author_name": "\x01\x02", "email": "ana@example.org", "text": "Ok"},
            "id_author_name_error",
        ),  # a field error on the name
        ({"author_name": "Ana", "email": "nu-e-email", "text": "Ok"}, "e-mail"),
        (
            {"author_name": "Ana", "email": "ana@example.org", "text": "  ...  "},
            "Scrieți recomandarea",
        ),
    ]:
        response = client.post(consultation.public_path, data)
        assert response.status_code == 400 and message in response.content.decode(), data
    assert client.get("/consultare-publica/2026/999/").status_code == 404
    assert client.get("/consultare-publica/2026/99999999999999/").status_code == 404
    assert client.get(f"{consultation.public_path}confirmare/").status_code == 302


def test_an_unpublished_draft_and_another_uats_draft_are_not_found(world):
    with schema_context("caransebes_t"):
        theirs = open_consultation()
    with schema_context("resita_t"):
        draft = open_consultation(publish=False)
    client = world.resita.client()
    assert client.get(draft.public_path).status_code == 404
    assert theirs.public_path == draft.public_path  # same number, other UAT: still not shown
    assert "parcărilor" not in client.get("/consultare-publica/").content.decode()


def test_answers_are_public_in_the_register_of_proposals_and_counted_in_the_report(world):
    year = timezone.localdate().year
    with schema_context("resita_t"):
        consultation = open_consultation()
        for n, organisation in enumerate(["Asociația Locatarilor", ""]):
            recommendation_register(
                consultation_id=consultation.pk,
                author_name="Ion Ionescu",
                organisation=organisation,
                email=f"ion{n}@example.org",
                text=f"Recomandarea {n}",
                submission_key=f"key-{n}",
            )
        first = Recommendation.objects.get(number=1)
        with pytest.raises(ValidationError):
            recommendation_answer(
                user=None, recommendation_id=first.pk, status="accepted", answer=" "
            )
        recommendation_answer(
            user=None, recommendation_id=first.pk, status="accepted", answer="Preluată în art. 4."
        )
    client = world.resita.client()
    register = client.get("/consultare-publica/propuneri/").content.decode()
    assert (
        "Asociația Locatarilor" in register
        and "Preluată în art. 4." in register
        and "I.I." in register
    )
    report = client.get(f"/consultare-publica/raport/{year}.pdf")
    assert report.status_code == 200 and report["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.content)).pages)
    assert "Raport anual privind transparența decizională" in text
    assert "Recomandări primite 2" in " ".join(text.split())
    assert client.get("/consultare-publica/raport/1900.pdf").status_code == 404


def test_the_secretary_puts_a_draft_to_consultation_and_a_clerk_cannot(world):
    with schema_context("resita_t"):
        secretary()
    today = timezone.localdate()
    data = {
        "title": "Proiect privind taxa de salubrizare",
        "summary_html": '<p onclick="alert(1)">Anunț <script>alert(1)</script><a href="javascript:alert(1)">aici</a></p>',
        "comments_until": (today + timedelta(days=5)).isoformat(),
        "vote_not_before": (today + timedelta(days=10)).isoformat(),
        "publish": "on",
    }
    client = signed_in(world.resita, "secretar@resita-t.example.org")
    too_short = client.post("/birou/consultari/nou/", {**data, "pdf": pdf_upload()})
    assert too_short.status_code == 400 and "10 zile calendaristice" in too_short.content.decode()
    data.update(
        comments_until=(today + timedelta(days=10)).isoformat(),
        vote_not_before=earliest_vote(today).isoformat(),
    )
    created = client.post("/birou/consultari/nou/", {**data, "pdf": pdf_upload()})
    assert created.status_code == 302
    with schema_context("resita_t"):
        consultation = Consultation.objects.get()
        assert (
            "script" not in consultation.summary_html and "onclick" not in consultation.summary_html
        )
        assert "javascript" not in consultation.summary_html
    clerk = signed_in(world.resita, world.resita.clerk_email)
    assert clerk.get("/birou/consultari/").status_code == 403
    assert clerk.post("/birou/consultari/nou/", {**data, "pdf": pdf_upload()}).status_code == 403
    with schema_context("resita_t"):
        assert Consultation.objects.count() == 1
    assert "Anunț" in world.resita.client().get(consultation.public_path).content.decode()
