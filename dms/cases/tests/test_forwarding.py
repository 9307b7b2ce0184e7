"""Forwarding a case to another institution: across UATs in one transaction, or off the
platform; the 5-day rule of OG 27/2002; nothing changes in either schema when it fails."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from dms.cases import actions as case_actions
from dms.cases import forwarding
from dms.cases import services as case_services
from dms.cases.links import tracking_url
from dms.cases.workflow import WorkflowError
from dms.documents.files import CASES, CheckedFile, file_store
from dms.models import Case, CaseEvent, Document, RegistryCounter, RegistryEntry
from dms.tests.factories import office, register
from ghiseu.audit.models import AuditEvent
from ghiseu.notifications.models import Notification

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def own_storage(settings, tmp_path):
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
        yield office(world)


def with_attachment() -> Case:
    stored = file_store(
        CheckedFile(name="plan.pdf", content=PDF, content_type="application/pdf", extension="pdf"),
        folder=CASES,
    )
    return register(documents=(asdict(stored),), answers={"plan": asdict(stored), "text": "x"})


def forward(case: Case, user, *, slug: str | None = "caransebes-t", **overrides) -> Case:
    arguments = dict(
        case_id=case.pk,
        user=user,
        revision=None,
        institution="",
        target_uat_slug=slug,
        note="Drumul județean este în administrarea Caransebeșului.",
    )
    arguments.update(overrides)
    return forwarding.case_forward_external(**arguments)


def caransebes_state() -> tuple[int, int, int, int]:
    """Entries, cases, the counter and notifications in Caransebeș (the caller is elsewhere)."""
    year = timezone.localdate().year
    with schema_context("caransebes_t"):
        counter = RegistryCounter.objects.filter(year=year).first()
        return (
            RegistryEntry.objects.count(),
            Case.objects.count(),
            counter.last_number if counter else 0,
            Notification.objects.count(),
        )


def test_a_case_forwarded_to_a_platform_uat_arrives_there_registered_and_linked(resita, world):
    register()  # Reșița's number 1: the forwarded request is its number 2
    case = with_attachment()
    forwarded = forward(case, resita.registrar)

    assert connection.schema_name == "resita_t"  # back in the source schema
    source = Case.objects.select_related("entry").get(pk=case.pk)
    assert source.status == "forwarded" and source.closed_at is not None
    assert source.forwarded_to == "Municipiul Caransebeș"
    assert source.forwarded_to_schema == "caransebes_t"
    assert source.forwarded_tracking_url == forwarded.forwarded_tracking_url
    assert source.forwarded_tracking_url.startswith("http://caransebes-t.localhost")
    assert source.entry.recipient == "Municipiul Caransebeș" and source.entry.dispatch_date
    assert source.entry.number == 2
    source_notice = Notification.objects.get(kind="case.updated", channel="email")
    assert "Municipiul Reșița" in source_notice.body_text
    assert source.entry.display_number in source_notice.body_text
    assert source.forwarded_tracking_url in source_notice.body_text
    target_number = AuditEvent.objects.get(action="case.forward_external").data["target_number"]
    assert target_number.startswith("1/") and target_number in source_notice.body_text
    assert Notification.objects.filter(kind="case.updated", channel="sms").count() == 1
    origin_url = tracking_url(source)

    with schema_context("caransebes_t"):
        arrived = Case.objects.select_related("entry").get()
        entry = arrived.entry
        assert entry.number == 1 and entry.channel == "platform" and entry.direction == "in"
        assert entry.sender_name == "Municipiul Reșița"
        assert entry.sender_reference == source.entry.display_number
        assert entry.summary == source.entry.summary and entry.annexes == 1
        assert arrived.status == "registered" and arrived.department is None
        assert arrived.origin_institution == "Municipiul Reșița"
        assert arrived.origin_reference == source.entry.display_number
        assert arrived.origin_tracking_url == origin_url
        assert (arrived.term_days, arrived.extension_days) == (case.term_days, 15)
        assert (arrived.citizen_email, arrived.citizen_phone, arrived.language) == (
            case.citizen_email,
            case.citizen_phone,
            "ro",
        )
        assert arrived.submission_key == f"fwd:resita_t:{case.pk}"
        assert source.forwarded_tracking_url == tracking_url(arrived, tenant=world.caransebes.uat)
        document = Document.objects.get(case=arrived)
        assert document.storage_key.startswith("caransebes_t/cases/")
        assert document.storage_key.endswith(f"{document.sha256}.pdf")
        with default_storage.open(document.storage_key, "rb") as handle:
            assert handle.read() == PDF
        assert arrived.answers["plan"]["storage_key"] == document.storage_key
        [event] = CaseEvent.objects.filter(case=arrived)
        assert event.kind == "received_forwarded" and event.visible_to_citizen
        assert source.entry.display_number in event.note
        assert AuditEvent.objects.filter(
            action="case.received_forwarded", object_id=str(arrived.pk)
        ).exists()
        notice = Notification.objects.get(kind="case.updated", channel="email")
        assert notice.recipient == "ana@example.org"
        assert "Municipiul Caransebeș" in notice.body_text
        assert "Municipiul Reșița" not in notice.subject
        assert entry.display_number == target_number and target_number in notice.body_text
        assert source.entry.display_number in notice.body_text
        assert "caransebes-t.localhost" in notice.body_text
        assert RegistryEntry.objects.filter(search_text__contains="resita").exists()

    # The source's document is untouched, under its own prefix.
    assert Document.objects.get(case=case).storage_key.startswith("resita_t/cases/")


def test_forwarding_off_the_platform_only_records_and_notifies(resita):
    case = register()
    forward(case, resita.admin, slug=None, institution="Direcția Silvică Caraș-Severin", note="")
    case = Case.objects.select_related("entry").get(pk=case.pk)
    assert case.status == "forwarded" and case.forwarded_to == "Direcția Silvică Caraș-Severin"
    assert case.forwarded_to_schema == "" and case.forwarded_tracking_url == ""
    assert "Direcția Silvică" in case.entry.resolution
    notice = Notification.objects.get(kind="case.updated", channel="email")
    assert "Direcția Silvică Caraș-Severin" in notice.body_text
    assert caransebes_state() == (0, 0, 0, 0)


def test_the_five_days_end_on_the_next_working_day_after_orthodox_easter(resita):
    case = register()
    # Tuesday 7 April 2026 + 5 days = Sunday 12 April (Easter); Monday 13 is a holiday too.
    registered = timezone.make_aware(datetime(2026, 4, 7, 10, 0))
    RegistryEntry.objects.filter(pk=case.entry_id).update(registered_at=registered)
    case.entry.refresh_from_db()
    assert forwarding.forward_limit(case) == date(2026, 4, 14)
    assert not forwarding.forward_is_late(case, today=date(2026, 4, 14))
    assert forwarding.forward_is_late(case, today=date(2026, 4, 15))


def test_a_late_forwarding_is_done_anyway_and_flagged(resita):
    late = register()
    RegistryEntry.objects.filter(pk=late.entry_id).update(
        registered_at=timezone.now() - timedelta(days=20)
    )
    forward(late, resita.registrar)
    assert Case.objects.get(pk=late.pk).status == "forwarded"
    audit = AuditEvent.objects.get(action="case.forward_external", object_id=str(late.pk))
    assert audit.data["on_time"] is False and audit.data["limit"]
    flag = CaseEvent.objects.get(case=late, kind="note")
    assert not flag.visible_to_citizen and "5 zile" in flag.note

    on_time = register()
    forward(on_time, resita.registrar, slug=None, institution="Prefectura Caraș-Severin")
    audit = AuditEvent.objects.get(action="case.forward_external", object_id=str(on_time.pk))
    assert audit.data["on_time"] is True
    assert not CaseEvent.objects.filter(case=on_time, kind="note").exists()


def test_a_failure_in_the_target_rolls_back_both_schemas(resita, monkeypatch):
    case = with_attachment()
    before = caransebes_state()

    def broken(entry, **texts):
        with connection.cursor() as cursor:  # a real error: the transaction is aborted
            cursor.execute("SELECT 1/0")

    # The failure strikes where the target opens its case, as it takes the number.
    monkeypatch.setattr(case_services, "entry_number", broken)
    with pytest.raises(WorkflowError) as refused:
        forward(case, resita.registrar, revision=case.revision)
    assert refused.value.code == "target_failed"
    assert "Municipiul Caransebeș" in refused.value.message
    assert connection.schema_name == "resita_t"
    assert caransebes_state() == before == (0, 0, 0, 0)
    with schema_context("caransebes_t"):
        assert not AuditEvent.objects.filter(action="case.received_forwarded").exists()
    unchanged = Case.objects.get(pk=case.pk)
    assert (unchanged.status, unchanged.revision, unchanged.forwarded_to) == (
        "registered",
        case.revision,
        "",
    )
    assert not Notification.objects.filter(kind="case.updated").exists()
    assert not AuditEvent.objects.filter(action="case.forward_external").exists()


def test_an_unexpected_error_in_the_target_also_rolls_back_and_restores_the_schema(
    resita, monkeypatch
):
    case = register()

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(forwarding, "citizen_notice", broken)  # first called in the target
    with pytest.raises(RuntimeError):
        forward(case, resita.registrar)
    assert connection.schema_name == "resita_t"
    assert caransebes_state() == (0, 0, 0, 0)
    assert Case.objects.get(pk=case.pk).status == "registered"


@pytest.mark.parametrize(
    ("setup", "overrides", "code"),
    [
        (None, {"target_uat_slug": "nu-exista"}, "unknown_institution"),
        ("suspend", {}, "unknown_institution"),
        (None, {"target_uat_slug": "resita-t"}, "same_institution"),
        (None, {"target_uat_slug": None, "institution": "   "}, "missing_institution"),
        (None, {"target_uat_slug": None, "institution": "x" * 201}, "too_long"),
        ("close", {}, "invalid_transition"),
        (None, {"revision": 99}, "conflict"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing_in_either_schema(
    resita, world, setup, overrides, code
):
    case = register()
    if setup == "suspend":
        type(world.caransebes.uat).objects.filter(pk=world.caransebes.uat.pk).update(
            status="suspended"
        )
    if setup == "close":
        case_actions.case_file(case_id=case.pk, user=resita.admin, revision=None, reason="Anonimă")
    seen = Case.objects.get(pk=case.pk)
    with pytest.raises(WorkflowError) as refused:
        forward(case, resita.registrar, **overrides)
    assert refused.value.code == code and refused.value.message
    after = Case.objects.get(pk=case.pk)
    assert (after.status, after.revision, after.forwarded_to) == (
        seen.status,
        seen.revision,
        seen.forwarded_to,
    )
    assert caransebes_state() == (0, 0, 0, 0)


def test_only_who_may_work_the_case_or_the_registry_may_forward_it(resita):
    case = register()
    case_actions.case_assign(case_id=case.pk, user=resita.head, revision=None, assignee=resita.head)
    with pytest.raises(WorkflowError) as refused:
        forward(case, resita.other_clerk)  # another department: the case is not even visible
    assert refused.value.code == "not_found"
    with pytest.raises(WorkflowError) as refused:
        forward(case, resita.clerk)  # same department, not the assignee
    assert refused.value.code == "forbidden"
    assert caransebes_state() == (0, 0, 0, 0)
    forward(case, resita.head)
    assert Case.objects.get(pk=case.pk).status == "forwarded"


def test_a_retried_forward_never_registers_twice(resita):
    case = register()
    seen = case.revision
    forward(case, resita.registrar, revision=seen)
    with pytest.raises(WorkflowError) as refused:  # the same form submitted again
        forward(case, resita.registrar, revision=seen)
    assert refused.value.code == "conflict"
    with pytest.raises(WorkflowError) as refused:
        forward(case, resita.registrar, revision=None)
    assert refused.value.code == "invalid_transition"
    assert caransebes_state()[:3] == (1, 1, 1)

    # Even if the source case were open again, the target keeps the one case it registered.
    first_url = Case.objects.get(pk=case.pk).forwarded_tracking_url
    Case.objects.filter(pk=case.pk).update(status="registered")
    forward(case, resita.registrar)
    assert caransebes_state()[:3] == (1, 1, 1)
    assert Case.objects.get(pk=case.pk).forwarded_tracking_url == first_url
