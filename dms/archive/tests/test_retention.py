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
from dms.tests.factories import office, register
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
    # The registry book keeps its line (number, date, sender, summary: Legea 16/1996), and
    # its search no longer finds the answers or the CNP.
    assert entry.display_number and entry.summary and entry.sender_name == "Ana Pop"
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


def test_the_archive_manager_sets_a_service_term_and_a_clerk_cannot(world, resita):
    from dms.cases.tests.test_inbox import signed_in

    closed(resita, year=2029)
    registrar = signed_in(world, resita.registrar)
    page = registrar.get("/birou/arhiva/date-personale/").content.decode()
    assert "petitie" in page and "5 ani (I-4)" in page
    registrar.post("/birou/arhiva/date-personale/", {"service": "petitie", "years": "1"})
    assert RetentionRule.objects.get(service_code="petitie").personal_data_years == 1
    assert AuditEvent.objects.filter(action="retention.rule_changed").exists()
    for bad in (
        {"service": "petitie", "years": "-3"},
        {"service": "nu-exista", "years": "2"},
        {"service": "petitie", "years": "zece"},
    ):
        assert registrar.post("/birou/arhiva/date-personale/", bad).status_code == 302
    assert RetentionRule.objects.get(service_code="petitie").personal_data_years == 1
    registrar.post("/birou/arhiva/date-personale/", {"service": "petitie", "years": ""})
    assert not RetentionRule.objects.exists()
    clerk = signed_in(world, resita.clerk)
    assert (
        clerk.post(
            "/birou/arhiva/date-personale/", {"service": "petitie", "years": "1"}
        ).status_code
        == 403
    )


def test_the_registrar_puts_a_case_on_legal_hold_and_the_job_skips_it(world, resita):
    from dms.cases.tests.test_inbox import signed_in

    case = closed(resita, year=2020)
    registrar = signed_in(world, resita.registrar)
    assert "Blocare legală" in registrar.get(f"/birou/dosare/{case.pk}/").content.decode()
    registrar.post(f"/birou/dosare/{case.pk}/blocare-legala/", {"reason": "Dosar 12/2031"})
    assert personal_data_retention_sweep(now=NOW).held == 1
    assert Case.objects.get(pk=case.pk).citizen_name == "Ana Pop"
    clerk = signed_in(world, resita.clerk)
    assert clerk.post(f"/birou/dosare/{case.pk}/blocare-legala/", {"reason": ""}).status_code in (
        403,
        404,
    )
    registrar.post(f"/birou/dosare/{case.pk}/blocare-legala/", {"reason": ""})
    assert personal_data_retention_sweep(now=NOW).pseudonymised == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"case.legal_hold_set", "case.legal_hold_lifted"} <= actions
