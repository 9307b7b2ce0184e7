"""After its retention term, a case's personal data is gone from every text and JSON column
of its UAT's schema (the append-only history included), while the case numbers, the history's
shape and the statistics stay; an ordinary UPDATE of the history is still refused."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from billing_reporting.facts.models import CaseFact
from billing_reporting.quality.models import Nonconformity, Survey
from billing_reporting.quality.surveys.services import SurveyAnswer, survey_answer
from citizens.models import Citizen, FiledRequest
from citizens.services import filed_request_record
from dms.archive.retention import personal_data_retention_sweep
from dms.cases import actions as case_actions
from dms.cases.subject_access import subject_access_export
from dms.documents.files import CheckedFile
from dms.models import Case, CaseEvent, RegistryEntry
from dms.tests.factories import office
from ghiseu.audit.models import AuditEvent
from ghiseu.audit.redaction import retention_redaction
from ghiseu.notifications.models import Notification
from services_catalog.drafts.tasks import drafts_expire_everywhere
from services_catalog.tests.test_submission import emailed_code, start

pytestmark = pytest.mark.django_db
BUCHAREST = ZoneInfo("Europe/Bucharest")
NOW = datetime(2032, 3, 1, 12, 0, tzinfo=BUCHAREST)
CITIZEN = {
    "full_name": "Ana Ștefănescu",
    "email": "ana.stefanescu@example.org",
    "phone": "0722 987 654",
    "address": "Str. Libertății 17, Reșița",
    "content": "Subsemnata Ana Ștefănescu, CNP 2960523460018, cer repararea trotuarului din fața "
    "casei mele; mă puteți căuta și la ana.s@example.net.",
}
TRACES = [
    "Ștefănescu",
    "stefanescu",
    "ana.stefanescu@example.org",
    "ana.s@example.net",
    "2960523460018",
    "722987654",
    "722 987 654",
    "Libertății 17",
    "libertatii 17",
    "trotuarului",
]


def _traces(schema: str) -> list[str]:
    """Every text, JSON and search column of the schema holding any trace."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND data_type IN "
            "('text', 'character varying', 'jsonb', 'json', 'tsvector')",
            [schema],
        )
        columns = cursor.fetchall()
        found = []
        for table, column in columns:
            digits = f"regexp_replace(\"{column}\"::text, '[^0-9]', '', 'g')"
            cursor.execute(
                f'SELECT "{column}"::text FROM "{schema}"."{table}" '
                f'WHERE "{column}"::text ILIKE ANY(%s) OR {digits} LIKE ANY(%s) LIMIT 1',
                [
                    [f"%{trace}%" for trace in TRACES],
                    ["%2960523460018%", "%722987654%"],
                ],
            )
            row = cursor.fetchone()
            if row:
                found.append(f"{table}.{column}: {row[0][:160]}")
        return found


def test_after_its_term_no_trace_of_the_citizen_remains_but_numbers_and_figures_do(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    with schema_context("resita_t"):
        staff = office(world)
    response = start(client, django_capture_on_commit_callbacks, data=CITIZEN)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"cod": emailed_code(mailoutbox)})
    citizen = Citizen.objects.create(given_name="Ana", family_name="Ștefănescu")
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        case = Case.objects.select_related("entry").get()
        filed_request_record(
            citizen_id=citizen.pk,
            schema_name="resita_t",
            case_id=case.pk,
            uat_name="Reșița",
            number=case.entry.display_number,
            service_title=case.service_title,
            tracking_url="http://resita-t.localhost/cerere/x/",
            filed_at=case.created_at,
        )
        Case.objects.filter(pk=case.pk).update(citizen_ref=citizen.pk)
        case_actions.case_assign(
            case_id=case.pk,
            user=staff.registrar,
            revision=None,
            assignee=staff.clerk,
            department=staff.urbanism,
        )
        case_actions.case_start(case_id=case.pk, user=staff.clerk, revision=None)
        case_actions.case_request_clarification(
            case_id=case.pk,
            user=staff.clerk,
            revision=None,
            message="Doamnă Ștefănescu, trimiteți planul pentru Str. Libertății 17.",
        )
        case_actions.case_citizen_reply(
            case=Case.objects.get(pk=case.pk),
            message="Planul e atașat; sunați-mă la 0722 987 654.",
            files=[
                CheckedFile(
                    name="plan-stefanescu.pdf",
                    content=b"%PDF-1.4\n% Ana Stefanescu\n%%EOF\n",
                    content_type="application/pdf",
                    extension="pdf",
                )
            ],
        )
        case_actions.case_answer(
            case_id=case.pk,
            user=staff.clerk,
            revision=None,
            text="Doamnă Ștefănescu, trotuarul de la Str. Libertății 17 intră în lucru.",
            upload=None,
        )
        subject_access_export(email=CITIZEN["email"])
        answer_mail = Notification.objects.filter(
            idempotency_key__startswith=f"case:{case.pk}:event:", channel="email"
        ).latest("id")
        token = re.search(r"/evaluare/([\w-]+)/", answer_mail.body_text).group(1)
        survey_answer(
            token=token,
            answer=SurveyAnswer(
                score=1,
                reason="slow",
                comment="Vecinul meu Ion Vasilescu a așteptat la fel. Ana Ștefănescu",
                wants_follow_up=True,
            ),
        )
        assert Nonconformity.objects.filter(case_id=case.pk).exists()
        Case.objects.filter(pk=case.pk).update(
            closed_at=datetime(2025, 6, 1, 10, 0, tzinfo=BUCHAREST)
        )
        assert _traces("resita_t"), "the world holds the citizen's data before the term"
        events_before = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
        numbers_before = sorted(RegistryEntry.objects.values_list("year", "number"))

        drafts_expire_everywhere.run()  # what beat does hourly, on that day
        from services_catalog.erasure import email_codes_expire

        email_codes_expire(now=NOW)
        run = personal_data_retention_sweep(now=NOW)

        assert run.pseudonymised == 1 and run.events_redacted > 0
        assert _traces("resita_t") == []
        erased = Case.objects.select_related("entry").get(pk=case.pk)
        assert erased.citizen_ref is None and "date personale șterse" in erased.citizen_name
        assert sorted(RegistryEntry.objects.values_list("year", "number")) == numbers_before
        assert erased.entry.display_number == case.entry.display_number
        assert list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True)) == (
            events_before
        )
        assert Survey.objects.get(case_id=case.pk).score == 1
        assert AuditEvent.objects.filter(
            action="case.personal_data_erased", object_id=str(case.pk)
        ).exists()
        # Ordinary changes to the history are refused as before, and even the retention job's
        # exception lets through only the personal-data columns, never a deletion.
        for attempt in (
            lambda: CaseEvent.objects.filter(case=case).update(note="rescris"),
            lambda: AuditEvent.objects.filter(object_id=str(case.pk)).update(data={}),
        ):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                attempt()
        with retention_redaction():
            for attempt in (
                lambda: CaseEvent.objects.filter(case=case).update(kind="rescris"),
                lambda: connection.cursor().execute(
                    "DELETE FROM dms_caseevent WHERE case_id = %s", [case.pk]
                ),
                lambda: AuditEvent.objects.filter(object_id=str(case.pk)).update(action="x"),
            ):
                with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                    attempt()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            CaseEvent.objects.filter(case=case).update(note="după excepție")
    assert not FiledRequest.objects.filter(schema_name="resita_t", case_id=case.pk).exists()
    assert CaseFact.objects.filter(schema_name="resita_t", case_id=case.pk).exists()
