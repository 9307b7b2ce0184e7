"""The retention job on a generated world: what expired is pseudonymised, what is under a
legal hold, still in its term or permanent is kept, and a second run changes nothing."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django_tenants.utils import schema_context

from dms.archive.retention import personal_data_retention_sweep
from dms.cases import actions as case_actions
from dms.documents.files import CheckedFile, file_store, pending_folder
from dms.models import Case, Document, RegistryEntry, RetentionRule
from dms.tests.factories import office, register, staff
from ghiseu.accounts.models import Role
from ghiseu.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
BUCHAREST = ZoneInfo("Europe/Bucharest")
NOW = datetime(2032, 3, 1, 12, 0, tzinfo=BUCHAREST)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def resita(world):
    with schema_context("resita_t"):
        yield office(world)


def closed(resita, *, year: int, file_code: str = "I-4", service="petitie", name="Ana Pop"):
    stored = file_store(
        CheckedFile(
            name="buletin.pdf",
            content=PDF + name.encode(),
            content_type="application/pdf",
            extension="pdf",
        ),
        folder=pending_folder(),
    )
    case = register(
        file_code=file_code,
        service_code=service,
        citizen_name=name,
        answers={"cnp": "1960523460019", "content": f"Cerere a lui {name}"},
        documents=(asdict(stored),),
    )
    case.refresh_from_db()
    case_actions.case_file(
        case_id=case.pk, user=resita.registrar, revision=case.revision, reason="Clasată"
    )
    Case.objects.filter(pk=case.pk).update(closed_at=datetime(year, 6, 1, 10, 0, tzinfo=BUCHAREST))
    return Case.objects.get(pk=case.pk)


def test_expired_personal_data_goes_and_the_registry_line_stays(
    resita, django_capture_on_commit_callbacks
):
    # I-4 keeps 5 years: closed in 2025, its term ran out on 1 January 2031.
    expired = closed(resita, year=2025, name="Ana Pop")
    recent = closed(resita, year=2029, name="Ion Recent")
    held = closed(resita, year=2024, name="Dan Litigiu")
    Case.objects.filter(pk=held.pk).update(legal_hold_reason="Dosar în instanță nr. 12/2031")
    attachment = Document.objects.get(case=expired)
    assert default_storage.exists(attachment.storage_key)

    with django_capture_on_commit_callbacks(execute=True):
        run = personal_data_retention_sweep(now=NOW)

    assert (run.pseudonymised, run.held) == (1, 1)
    gone = Case.objects.get(pk=expired.pk)
    assert "Ana Pop" not in gone.citizen_name and gone.citizen_email == "" and gone.answers == {}
    assert gone.citizen_phone == "" and gone.personal_data_removed_at is not None
    document = Document.objects.get(pk=attachment.pk)
    assert document.storage_key == "" and not default_storage.exists(attachment.storage_key)
    entry = RegistryEntry.objects.get(pk=gone.entry_id)
    # The registry book keeps its line (number, date, summary: Legea 16/1996) with the
    # sender's pseudonym, and its search no longer finds the name, the answers or the CNP.
    assert entry.display_number and entry.summary and entry.sender_name == gone.citizen_name
    assert "ana pop" not in entry.search_text
    assert "1960523460019" not in entry.search_text and "cerere a lui" not in entry.search_text
    assert Case.objects.get(pk=recent.pk).citizen_name == "Ion Recent"
    assert Case.objects.get(pk=held.pk).citizen_name == "Dan Litigiu"
    event = AuditEvent.objects.filter(action="retention.personal_data_run").latest("id")
    assert event.data["pseudonymised"] == 1 and event.data["held"] == 1


def test_a_second_run_changes_nothing(resita):
    closed(resita, year=2025)
    assert personal_data_retention_sweep(now=NOW).pseudonymised == 1
    again = personal_data_retention_sweep(now=NOW)
    assert again.pseudonymised == 0 and again.documents_deleted == 0


def test_a_service_rule_overrides_the_nomenclature_and_permanent_codes_keep_the_data(resita):
    RetentionRule.objects.create(service_code="petitie", personal_data_years=1)
    short = closed(resita, year=2029, name="Scurt Termen")
    permanent = closed(resita, year=2000, file_code="I-3", service="dispozitie", name="Perm Pop")
    assert permanent.archive_file.file_code.retention_years is None
    run = personal_data_retention_sweep(now=NOW)
    assert Case.objects.get(pk=short.pk).personal_data_removed_at is not None
    assert Case.objects.get(pk=permanent.pk).citizen_name == "Perm Pop"
    assert run.kept_permanently == 1


def test_the_run_touches_only_its_own_uat(world, resita):
    closed(resita, year=2020)
    with schema_context("caransebes_t"):
        assert personal_data_retention_sweep(now=NOW).pseudonymised == 0
    assert personal_data_retention_sweep(now=NOW).pseudonymised == 1


def test_the_archive_manager_sets_a_service_term_and_a_clerk_cannot(
    world, resita, django_assert_max_num_queries
):
    from dms.cases.tests.test_inbox import signed_in

    closed(resita, year=2029)
    registrar = signed_in(world, resita.registrar)
    with django_assert_max_num_queries(12):
        page = registrar.get("/birou/arhiva/date-personale/").content.decode()
    assert "petitie" in page and "5 ani (I-4)" in page
    registrar.post("/birou/arhiva/date-personale/", {"service": "petitie", "years": "1"})
    assert RetentionRule.objects.get(service_code="petitie").personal_data_years == 1
    event = AuditEvent.objects.get(action="retention.rule_changed")
    assert event.data == {"from": None, "to": 1} and event.actor_id == resita.registrar.pk
    for bad, message in (
        ({"service": "petitie", "years": "-3"}, "între 0 și 100"),
        ({"service": "petitie", "years": "1000000000000000000000"}, "între 0 și 100"),
        ({"service": "nu-exista", "years": "2"}, "nu este oferit"),
        ({"service": "petitie", "years": "zece"}, "numărul de ani"),
    ):
        response = registrar.post("/birou/arhiva/date-personale/", bad, follow=True)
        assert response.status_code == 200 and message in response.content.decode()
    assert RetentionRule.objects.get(service_code="petitie").personal_data_years == 1
    registrar.post("/birou/arhiva/date-personale/", {"service": "petitie", "years": ""})
    assert not RetentionRule.objects.exists()
    assert signed_in(world, resita.head).get("/birou/arhiva/date-personale/").status_code == 200
    for reader in (resita.head, resita.clerk):
        response = signed_in(world, reader).post(
            "/birou/arhiva/date-personale/", {"service": "petitie", "years": "1"}
        )
        assert response.status_code == 403
    assert not RetentionRule.objects.exists()


def test_a_service_offered_without_cases_can_have_its_term_set_before_the_first_one(world, resita):
    from dms.archive.retention import retention_overview, retention_rule_set

    offered = {row.service_code: row for row in retention_overview()}
    assert offered, "the UAT's offered services are listed"
    code, row = next(iter(offered.items()))
    assert row.rule_years is None and not Case.objects.filter(service_code=code).exists()
    retention_rule_set(actor=resita.registrar, service_code=code, years=3)
    assert RetentionRule.objects.get(service_code=code).personal_data_years == 3
    with schema_context("caransebes_t"):
        assert not RetentionRule.objects.exists()


def test_the_registrar_puts_a_case_on_legal_hold_and_the_job_skips_it(world, resita):
    from dms.cases.tests.test_inbox import signed_in

    case = closed(resita, year=2020)
    registrar = signed_in(world, resita.registrar)
    assert "Blocare legală" in registrar.get(f"/birou/dosare/{case.pk}/").content.decode()
    registrar.post(f"/birou/dosare/{case.pk}/blocare-legala/", {"reason": "Dosar 12/2031"})
    assert personal_data_retention_sweep(now=NOW).held == 1
    assert Case.objects.get(pk=case.pk).citizen_name == "Ana Pop"
    held = AuditEvent.objects.get(action="case.legal_hold_set")
    assert held.data == {"from": "", "to": "Dosar 12/2031"} and held.object_id == str(case.pk)
    for outsider in (resita.clerk, resita.head):
        response = signed_in(world, outsider).post(
            f"/birou/dosare/{case.pk}/blocare-legala/", {"reason": ""}
        )
        assert response.status_code in (403, 404)
    with schema_context("caransebes_t"):
        other_registrar = staff("registratura@caransebes-t.example.org", Role.REGISTRAR, "Alt")
    response = signed_in(world, other_registrar, portal="caransebes").post(
        f"/birou/dosare/{case.pk}/blocare-legala/", {"reason": ""}
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).legal_hold_reason == "Dosar 12/2031"
    registrar.post(f"/birou/dosare/{case.pk}/blocare-legala/", {"reason": "   "})
    assert personal_data_retention_sweep(now=NOW).pseudonymised == 1
    assert AuditEvent.objects.filter(action="case.legal_hold_lifted").count() == 1
