"""The archive: filing closed cases by code and year, retention, closing a year, and
destruction only through a list the selection committee approved."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from dms.archive import disposal as archive_disposal
from dms.archive import services as archive
from dms.archive.defaults import DEFAULT_NOMENCLATURE
from dms.cases import actions as case_actions
from dms.documents.files import CheckedFile
from dms.documents.services import document_add
from dms.models import (
    ArchiveFile,
    Case,
    DisposalList,
    Document,
    DocumentKind,
    FileCode,
    RegistryEntry,
    SelectionCommitteeMember,
)
from dms.tests.factories import PASSWORD, office, register, staff
from ghiseu.accounts.models import Role
from ghiseu.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
THIS_YEAR = date.today().year


@pytest.fixture(autouse=True)
def own_storage(settings, tmp_path):
    """Stored bytes outlive the rolled-back transactions: each test gets its own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


@pytest.fixture
def resita(world):
    with schema_context("resita_t"):
        archive.nomenclature_defaults_create()
        yield office(world)


def closed_case(resita, *, code="I-4", year=THIS_YEAR, content=PDF, **overrides):
    """A case answered (with an attachment and the answer's PDF on storage), closed in
    ``year``."""
    case = register(file_code=code, **overrides)
    document_add(
        checked=CheckedFile("cerere.pdf", content, "application/pdf", "pdf"),
        kind=DocumentKind.ATTACHMENT,
        user=None,
        case=case,
    )
    case_actions.case_assign(
        case_id=case.pk, user=resita.admin, revision=None, assignee=resita.clerk
    )
    case_actions.case_answer(
        case_id=case.pk, user=resita.admin, revision=None, text="Rezolvat.", upload=None
    )
    # Closing filed it into this year's file; these tests move the closing to ``year`` and
    # file it again themselves.
    filed_now = Case.objects.get(pk=case.pk).archive_file
    Case.objects.filter(pk=case.pk).update(
        closed_at=datetime(year, 6, 15, 10, tzinfo=UTC), archive_file=None
    )
    if filed_now is not None and not filed_now.cases.exists():
        filed_now.delete()
    return Case.objects.select_related("entry").get(pk=case.pk)


def stored_keys(case):
    keys = list(Document.objects.filter(case=case).values_list("storage_key", flat=True))
    assert keys
    return keys


def expired_file(resita, *, years_ago=7):
    """A closed 5-year file (I-4) of a year long past, holding one case."""
    case = closed_case(resita, year=THIS_YEAR - years_ago)
    archive_file = archive.case_archive(case)
    archive.archive_year_close(user=resita.registrar, year=THIS_YEAR - years_ago)
    return case, ArchiveFile.objects.get(pk=archive_file.pk)


def committee(resita):
    SelectionCommitteeMember.objects.create(user=resita.head, appointed_by_decision="D 12/2026")
    SelectionCommitteeMember.objects.create(user=resita.registrar)


# --- nomenclature and filing -----------------------------------------------------------------


def test_the_default_nomenclature_has_the_catalog_codes_and_is_created_once(resita):
    codes = set(FileCode.objects.values_list("code", flat=True))
    assert {"I-4", "I-5", "II-3", "III-1", "III-2", "III-3", "IV-1", "V-1", "V-2"} <= codes
    assert FileCode.objects.get(code="V-2").retention_years is None  # building permits
    assert FileCode.objects.get(code="I-4").retention_years == 5
    assert archive.nomenclature_defaults_create() == 0
    assert FileCode.objects.count() == len(DEFAULT_NOMENCLATURE)


def test_catalog_archive_codes_are_all_in_the_default_nomenclature():
    from services_catalog.catalog_data import SERVICES

    defaults = {row.code for row in DEFAULT_NOMENCLATURE}
    assert {service["archive"] for service in SERVICES if service.get("archive")} <= defaults


def test_a_closed_case_is_filed_by_its_code_and_the_year_it_closed(resita):
    case = closed_case(resita, year=2024)
    archive_file = archive.case_archive(case)
    assert archive_file is not None and str(archive_file) == "I-4/2024"
    assert Case.objects.get(pk=case.pk).archive_file_id == archive_file.pk
    again = closed_case(resita, year=2024)
    assert archive.case_archive(again) == archive_file  # the same file, not a second one
    assert ArchiveFile.objects.filter(file_code__code="I-4", year=2024).count() == 1
    assert AuditEvent.objects.filter(action="case.archived", object_id=str(case.pk)).exists()


def test_filing_is_idempotent_and_open_cases_stay_unfiled(resita):
    case = closed_case(resita)
    first = archive.case_archive(case)
    events = AuditEvent.objects.filter(action="case.archived").count()
    assert archive.case_archive(Case.objects.get(pk=case.pk)) == first
    assert AuditEvent.objects.filter(action="case.archived").count() == events
    open_case = register()
    assert archive.case_archive(open_case) is None
    assert Case.objects.get(pk=open_case.pk).archive_file_id is None


def test_an_unknown_code_leaves_the_case_to_be_filed_by_the_archivist(resita):
    case = closed_case(resita, code="X-99", year=2025)
    assert archive.case_archive(case) is None
    assert list(archive.cases_unfiled()) == [case]
    archive_file = archive.case_file_manually(
        user=resita.registrar, case_id=case.pk, file_code_id=FileCode.objects.get(code="I-6").pk
    )
    assert str(archive_file) == "I-6/2025"
    assert list(archive.cases_unfiled()) == []
    entries = RegistryEntry.objects.filter(pk=case.entry_id) | RegistryEntry.objects.filter(
        linked_entry=case.entry_id
    )
    assert set(entries.values_list("file_code", flat=True)) == {"I-6"}  # the book's column


def test_a_code_added_later_files_the_waiting_cases(resita):
    case = closed_case(resita, code="IX-1")
    FileCode.objects.create(code="IX-1", title="Protecție civilă", retention_years=10)
    assert archive.cases_archive_pending(user=resita.registrar) == 1
    assert Case.objects.get(pk=case.pk).archive_file.file_code.code == "IX-1"


def test_a_code_in_use_cannot_be_deleted_nor_renamed(resita):
    closed_case(resita, code="I-6")
    code = FileCode.objects.get(code="I-6")
    with pytest.raises(ValidationError):
        archive.file_code_delete(user=resita.registrar, file_code_id=code.pk)
    with pytest.raises(ValidationError) as refused:
        archive.file_code_save(
            user=resita.registrar, file_code=code, code="I-60", title="x", retention_years=3
        )
    assert "code" in refused.value.message_dict
    archive.file_code_save(
        user=resita.registrar, file_code=code, code="I-6", title="Corespondență", retention_years=5
    )
    unused = FileCode.objects.get(code="VII-1")
    archive.file_code_delete(user=resita.admin, file_code_id=unused.pk)
    assert not FileCode.objects.filter(code="VII-1").exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"archive.file_code_changed", "archive.file_code_deleted"} <= actions


# --- retention -------------------------------------------------------------------------------


def test_a_five_year_file_of_2019_expires_on_1_january_2025_and_permanent_never():
    assert archive.retention_expires_on(year=2019, retention_years=5) == date(2025, 1, 1)
    assert archive.retention_expires_on(year=2019, retention_years=None) is None


def test_the_expired_list_follows_the_rule_and_skips_permanent_and_open_files(resita):
    petitions = FileCode.objects.get(code="I-4")  # 5 years
    permits = FileCode.objects.get(code="V-2")  # permanent
    f2019 = ArchiveFile.objects.create(file_code=petitions, year=2019, status="closed")
    f2020 = ArchiveFile.objects.create(file_code=petitions, year=2020, status="closed")
    ArchiveFile.objects.create(file_code=permits, year=1990, status="closed")
    ArchiveFile.objects.create(file_code=petitions, year=2018, status="open")
    assert list(archive.files_expired(today=date(2024, 12, 31))) == []
    assert list(archive.files_expired(today=date(2025, 1, 1))) == [f2019]
    assert list(archive.files_expired(today=date(2026, 1, 1))) == [f2019, f2020]


def test_closing_a_year_closes_its_open_files_once_and_never_the_current_year(resita):
    case = closed_case(resita, year=THIS_YEAR - 1)
    archive_file = archive.case_archive(case)
    assert archive.archive_year_close(user=resita.registrar, year=THIS_YEAR - 1) == 1
    archive_file.refresh_from_db()
    assert archive_file.status == "closed" and archive_file.closed_at is not None
    assert archive.archive_year_close(user=resita.registrar, year=THIS_YEAR - 1) == 0
    with pytest.raises(ValidationError):
        archive.archive_year_close(user=resita.registrar, year=THIS_YEAR)
    with pytest.raises(ValidationError):
        archive.archive_year_close(user=resita.head, year=THIS_YEAR - 2)


# --- disposal --------------------------------------------------------------------------------


def test_only_expired_closed_files_can_be_proposed(resita):
    case = closed_case(resita, year=THIS_YEAR - 1)
    young = archive.case_archive(case)
    archive.archive_year_close(user=resita.registrar, year=THIS_YEAR - 1)
    with pytest.raises(ValidationError):
        archive_disposal.disposal_propose(user=resita.registrar, file_ids=[young.pk])
    _case, old = expired_file(resita)
    with pytest.raises(ValidationError):
        archive_disposal.disposal_propose(user=resita.head, file_ids=[old.pk])
    disposal = archive_disposal.disposal_propose(user=resita.registrar, file_ids=[old.pk])
    old.refresh_from_db()
    assert disposal.status == "draft" and old.status == "proposed"
    with pytest.raises(ValidationError):  # already on a list
        archive_disposal.disposal_propose(user=resita.registrar, file_ids=[old.pk])


@pytest.mark.parametrize("stage", ["draft", "submitted", "rejected"])
def test_nothing_is_destroyed_without_the_committees_approval(resita, stage):
    committee(resita)
    case, archive_file = expired_file(resita)
    keys = stored_keys(case)
    disposal = archive_disposal.disposal_propose(user=resita.admin, file_ids=[archive_file.pk])
    if stage != "draft":
        archive_disposal.disposal_submit(user=resita.admin, disposal_id=disposal.pk)
    if stage == "rejected":
        archive_disposal.disposal_decide(
            user=resita.head, disposal_id=disposal.pk, approve=False, minutes="PV 3/2026"
        )
    with pytest.raises(ValidationError) as refused:
        archive_disposal.disposal_execute(user=resita.admin, disposal_id=disposal.pk)
    assert refused.value.code == "not_approved"
    assert all(default_storage.exists(key) for key in keys)
    archive_file.refresh_from_db()
    assert archive_file.status == ("closed" if stage == "rejected" else "proposed")
    assert not AuditEvent.objects.filter(action="archive_file.destroyed").exists()


def test_the_proposer_cannot_approve_their_own_list_nor_a_non_member(resita):
    committee(resita)
    _case, archive_file = expired_file(resita)
    disposal = archive_disposal.disposal_propose(user=resita.registrar, file_ids=[archive_file.pk])
    archive_disposal.disposal_submit(user=resita.registrar, disposal_id=disposal.pk)
    for user, code in ((resita.registrar, "own_list"), (resita.admin, "forbidden")):
        with pytest.raises(ValidationError) as refused:
            archive_disposal.disposal_decide(
                user=user,
                disposal_id=disposal.pk,
                approve=True,
                minutes="PV 1",
                confirmation="AN 2",
            )
        assert refused.value.code == code
    assert DisposalList.objects.get(pk=disposal.pk).status == "submitted"


def test_approval_needs_the_national_archives_confirmation(resita):
    committee(resita)
    _case, archive_file = expired_file(resita)
    disposal = archive_disposal.disposal_propose(user=resita.admin, file_ids=[archive_file.pk])
    archive_disposal.disposal_submit(user=resita.admin, disposal_id=disposal.pk)
    with pytest.raises(ValidationError) as refused:
        archive_disposal.disposal_decide(
            user=resita.head, disposal_id=disposal.pk, approve=True, minutes="PV 4/2026"
        )
    assert "confirmation" in refused.value.message_dict


def test_approved_execution_deletes_the_bytes_keeps_the_registry_and_is_audited_once(resita):
    committee(resita)
    case, archive_file = expired_file(resita)
    keys = stored_keys(case)
    kept = closed_case(resita, code="V-2", content=PDF + b"%kept")  # another, permanent case
    kept_keys = stored_keys(kept)
    entries_before = RegistryEntry.objects.count()
    disposal = archive_disposal.disposal_propose(user=resita.admin, file_ids=[archive_file.pk])
    archive_disposal.disposal_submit(user=resita.admin, disposal_id=disposal.pk)
    archive_disposal.disposal_decide(
        user=resita.head,
        disposal_id=disposal.pk,
        approve=True,
        minutes="PV 5/10.03.2026",
        confirmation="AN 812/02.04.2026",
    )
    assert DisposalList.objects.get(pk=disposal.pk).decision_reference == (
        "PV comisie: PV 5/10.03.2026; AN: AN 812/02.04.2026"
    )
    archive_disposal.disposal_execute(user=resita.registrar, disposal_id=disposal.pk)

    assert not any(default_storage.exists(key) for key in keys)
    assert all(default_storage.exists(key) for key in kept_keys)
    archive_file.refresh_from_db()
    assert archive_file.status == "destroyed" and archive_file.destroyed_at is not None
    assert RegistryEntry.objects.count() == entries_before  # the registry book is permanent
    assert RegistryEntry.objects.filter(pk=case.entry_id).exists()
    assert set(Document.objects.filter(case=case).values_list("text", flat=True)) == {""}
    assert all(archive.document_is_destroyed(d) for d in Document.objects.filter(case=case))
    assert not any(archive.document_is_destroyed(d) for d in Document.objects.filter(case=kept))
    destroyed = AuditEvent.objects.filter(
        action="archive_file.destroyed", object_id=str(archive_file.pk)
    )
    assert destroyed.count() == 1 and destroyed.get().data["disposal_list"] == disposal.pk
    assert DisposalList.objects.get(pk=disposal.pk).status == "executed"

    events = AuditEvent.objects.count()
    archive_disposal.disposal_execute(user=resita.registrar, disposal_id=disposal.pk)
    assert AuditEvent.objects.count() == events  # executing twice does nothing more


def test_bytes_shared_with_a_kept_document_survive_the_disposal(resita):
    """Storage keys are content-addressed: the same file in a kept case must stay."""
    committee(resita)
    case, archive_file = expired_file(resita)
    kept = closed_case(resita, code="V-2")  # the same attachment bytes as the destroyed case
    shared = set(stored_keys(case)) & set(stored_keys(kept))
    assert shared
    disposal = archive_disposal.disposal_propose(user=resita.admin, file_ids=[archive_file.pk])
    archive_disposal.disposal_submit(user=resita.admin, disposal_id=disposal.pk)
    archive_disposal.disposal_decide(
        user=resita.head, disposal_id=disposal.pk, approve=True, minutes="PV 6", confirmation="7"
    )
    archive_disposal.disposal_execute(user=resita.admin, disposal_id=disposal.pk)
    assert all(default_storage.exists(key) for key in shared)


def test_every_disposal_step_is_audited(resita):
    committee(resita)
    _case, archive_file = expired_file(resita)
    disposal = archive_disposal.disposal_propose(user=resita.admin, file_ids=[archive_file.pk])
    archive_disposal.disposal_submit(user=resita.admin, disposal_id=disposal.pk)
    archive_disposal.disposal_decide(
        user=resita.head, disposal_id=disposal.pk, approve=True, minutes="PV 8", confirmation="9"
    )
    archive_disposal.disposal_execute(user=resita.admin, disposal_id=disposal.pk)
    actions = list(
        AuditEvent.objects.filter(object_id=str(disposal.pk), action__startswith="disposal.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "disposal.proposed",
        "disposal.submitted",
        "disposal.approved",
        "disposal.executed",
    ]


# --- pages and permissions -------------------------------------------------------------------


class Back(Client):
    """A request leaves the connection in the public schema; the test goes on in Reșița's."""

    def request(self, **request):
        try:
            return super().request(**request)
        finally:
            connection.set_schema("resita_t")


def login(world, email, portal="resita"):
    client = Back(HTTP_HOST=getattr(world, portal).host)
    client.post("/birou/autentificare/", {"username": email, "password": PASSWORD})
    return client


PAGES = [
    "/birou/arhiva/",
    "/birou/arhiva/de-arhivat/",
    "/birou/arhiva/nomenclator/",
    "/birou/arhiva/expirate/",
    "/birou/arhiva/eliminare/",
    "/birou/arhiva/comisie/",
]


@pytest.mark.parametrize("path", PAGES)
def test_managers_and_heads_see_the_archive_clerks_get_403_anonymous_sign_in(world, resita, path):
    assert login(world, resita.registrar.email).get(path).status_code == 200
    assert login(world, resita.admin.email).get(path).status_code == 200
    assert login(world, resita.head.email).get(path).status_code == 200
    assert login(world, resita.clerk.email).get(path).status_code == 403
    anonymous = Back(HTTP_HOST=world.resita.host).get(path)
    assert anonymous.status_code == 302 and "autentificare" in anonymous["Location"]
    assert Back(HTTP_HOST=world.county_host).get(path).status_code == 404


def test_a_head_sees_but_cannot_manage(world, resita):
    head = login(world, resita.head.email)
    assert head.get("/birou/arhiva/nomenclator/nou/").status_code == 403
    response = head.post("/birou/arhiva/inchidere-an/", {"close-year": THIS_YEAR - 1})
    assert response.status_code == 403
    code = FileCode.objects.get(code="VII-1")
    assert head.post(f"/birou/arhiva/nomenclator/{code.pk}/sterge/").status_code == 403
    assert FileCode.objects.filter(pk=code.pk).exists()


def test_the_registrar_adds_a_file_code_and_cannot_delete_one_in_use(world, resita):
    client = login(world, resita.registrar.email)
    response = client.post(
        "/birou/arhiva/nomenclator/nou/",
        {"code": "ix-2", "title": "Situații de urgență", "retention_years": ""},
    )
    assert response.status_code == 302
    assert FileCode.objects.get(code="IX-2").retention_years is None
    bad = client.post("/birou/arhiva/nomenclator/nou/", {"code": "I-4", "title": "Dublură"})
    assert bad.status_code == 200 and "există deja" in bad.content.decode()
    closed_case(resita, code="I-6")
    used = FileCode.objects.get(code="I-6")
    client.post(f"/birou/arhiva/nomenclator/{used.pk}/sterge/")
    assert FileCode.objects.filter(pk=used.pk).exists()


def test_the_registrar_files_an_unfiled_case_from_the_page(world, resita):
    case = closed_case(resita, code="X-1", year=2025)
    client = login(world, resita.registrar.email)
    page = client.get("/birou/arhiva/de-arhivat/").content.decode()
    assert case.entry.display_number in page
    code = FileCode.objects.get(code="I-6")
    response = client.post("/birou/arhiva/de-arhivat/", {"cases": [case.pk], "file_code": code.pk})
    assert response.status_code == 302
    assert str(Case.objects.get(pk=case.pk).archive_file) == "I-6/2025"


def test_the_whole_disposal_through_the_pages(world, resita):
    committee(resita)
    case, archive_file = expired_file(resita)
    keys = stored_keys(case)
    registrar = login(world, resita.registrar.email)
    response = registrar.post("/birou/arhiva/expirate/", {"archive_files": [archive_file.pk]})
    assert response.status_code == 302
    disposal = DisposalList.objects.get()
    base = f"/birou/arhiva/eliminare/{disposal.pk}/"
    registrar.post(f"{base}trimite/")
    # The proposer is a member too, but may not decide on their own list.
    own = registrar.post(
        f"{base}decizie/", {"decision": "approve", "minutes": "PV 1", "confirmation": "AN 2"}
    )
    assert own.status_code == 302
    assert DisposalList.objects.get(pk=disposal.pk).status == "submitted"
    assert login(world, resita.clerk.email).post(f"{base}decizie/").status_code == 403
    head = login(world, resita.head.email)
    missing = head.post(f"{base}decizie/", {"decision": "approve", "minutes": "PV 1"})
    assert missing.status_code == 400 and "Arhivelor Naționale" in missing.content.decode()
    head.post(f"{base}decizie/", {"decision": "approve", "minutes": "PV 1", "confirmation": "2"})
    assert head.post(f"{base}executa/").status_code == 403  # the head decides, never executes
    assert all(default_storage.exists(key) for key in keys)
    registrar.post(f"{base}executa/")
    assert not any(default_storage.exists(key) for key in keys)
    assert "eliminat" in registrar.get(f"/birou/arhiva/dosar/{archive_file.pk}/").content.decode()


def test_the_admin_manages_the_committee(world, resita):
    admin = login(world, resita.admin.email)
    response = admin.post(
        "/birou/arhiva/comisie/", {"member": resita.head.pk, "decision": "D 5/2026"}
    )
    assert response.status_code == 302
    member = SelectionCommitteeMember.objects.get(user=resita.head)
    registrar = login(world, resita.registrar.email)
    assert registrar.post("/birou/arhiva/comisie/", {"member": resita.clerk.pk}).status_code == 403
    assert registrar.post(f"/birou/arhiva/comisie/{member.pk}/scoate/").status_code == 403
    admin.post(f"/birou/arhiva/comisie/{member.pk}/scoate/")
    assert not SelectionCommitteeMember.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"archive.committee_member_added", "archive.committee_member_removed"} <= actions


def test_a_clerk_on_the_committee_reaches_the_disposal_pages(world, resita):
    SelectionCommitteeMember.objects.create(user=resita.clerk)
    assert login(world, resita.clerk.email).get("/birou/arhiva/eliminare/").status_code == 200


def test_the_other_uat_sees_nothing(world, resita):
    committee(resita)
    case, archive_file = expired_file(resita)
    disposal = archive_disposal.disposal_propose(user=resita.admin, file_ids=[archive_file.pk])
    closed_case(resita, code="X-7")
    with schema_context("caransebes_t"):
        other_admin = staff("arhiva@caransebes-t.example.org", Role.REGISTRAR, "Ana Arhiva")
    client = login(world, other_admin.email, portal="caransebes")
    assert client.get(f"/birou/arhiva/dosar/{archive_file.pk}/").status_code == 404
    assert client.get(f"/birou/arhiva/eliminare/{disposal.pk}/").status_code == 404
    client.post(f"/birou/arhiva/eliminare/{disposal.pk}/executa/")
    client.post(
        "/birou/arhiva/de-arhivat/",
        {"cases": [case.pk], "file_code": FileCode.objects.get(code="I-6").pk},
    )
    for path in PAGES[:4]:
        page = client.get(path).content.decode()
        assert case.entry.display_number not in page and "I-4/" not in page
    assert DisposalList.objects.get(pk=disposal.pk).status == "draft"


def test_list_pages_have_a_bounded_number_of_queries(world, resita, django_assert_max_num_queries):
    committee(resita)
    for year in range(THIS_YEAR - 12, THIS_YEAR - 6):
        archive.case_archive(closed_case(resita, year=year))
        archive.case_archive(closed_case(resita, code="X-5", year=year))
    for year in range(THIS_YEAR - 12, THIS_YEAR - 6):
        archive.archive_year_close(user=resita.registrar, year=year)
    files = list(archive.files_expired().values_list("pk", flat=True))
    disposal = archive_disposal.disposal_propose(user=resita.admin, file_ids=files[:3])
    client = login(world, resita.registrar.email)
    for path in [*PAGES, f"/birou/arhiva/eliminare/{disposal.pk}/"]:
        with django_assert_max_num_queries(12):
            response = client.get(path)
        assert response.status_code == 200, path


def test_the_registrar_closes_last_years_files_from_the_page(world, resita):
    archive_file = archive.case_archive(closed_case(resita, year=THIS_YEAR - 1))
    client = login(world, resita.registrar.email)
    assert client.get("/birou/arhiva/").status_code == 200
    response = client.post("/birou/arhiva/inchidere-an/", {"close-year": THIS_YEAR - 1})
    assert response.status_code == 302
    archive_file.refresh_from_db()
    assert archive_file.status == "closed"
    refused = client.post("/birou/arhiva/inchidere-an/", {"close-year": THIS_YEAR}, follow=True)
    assert "an încheiat" in refused.content.decode()


def test_filing_a_closing_case_costs_a_few_queries(resita, django_assert_max_num_queries):
    archive.case_archive(closed_case(resita))  # the year's file exists from now on
    case = closed_case(resita)
    with django_assert_max_num_queries(4):
        assert archive.case_archive(case) is not None
