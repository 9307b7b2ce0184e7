"""Registry numbers: unique and gapless per UAT and year, also under concurrent submissions
and when a transaction fails; one registration per submission."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django_tenants.utils import schema_context

from dms.cases.services import Intake, case_open
from dms.models import CaseEvent, RegistryEntry
from dms.registry.entries import registry_number_take
from dms.tests.factories import intake
from ghiseu.notifications.models import Notification


def filing(key: str, **overrides) -> Intake:
    values = dict(
        service_code="petitie",
        service_title="Petiție",
        service_version=1,
        term_days=30,
        term_unit="calendar",
        extension_days=0,
        department="Registratură",
        file_code="I-4",
        citizen_name="Ana Pop",
        citizen_email="ana@example.org",
        citizen_phone="+40722123456",
        answers={"content": "Groapă"},
        summary="Petiție",
        submission_key=key,
        tracking_url_template="http://resita-t.localhost/c/{token}/",
    )
    values.update(overrides)
    return intake(**values)


@pytest.mark.django_db
def test_a_registration_creates_entry_case_event_and_both_confirmations(world):
    with schema_context("resita_t"):
        case = case_open(intake=filing("k1"))
        assert case.entry.number == 1 and case.status == "registered"
        assert CaseEvent.objects.filter(case=case, kind="registered").count() == 1
        kinds = set(Notification.objects.values_list("channel", "kind"))
        assert kinds == {("email", "request.registered"), ("sms", "request.registered")}
        body = Notification.objects.get(channel="email").body_text
        assert case.entry.display_number in body and case.tracking_token in body


@pytest.mark.django_db
def test_a_replayed_submission_registers_once(world):
    with schema_context("resita_t"):
        first = case_open(intake=filing("same"))
        second = case_open(intake=filing("same"))
        assert first.pk == second.pk and RegistryEntry.objects.count() == 1


@pytest.mark.django_db
def test_a_failed_transaction_consumes_no_number(world):
    with schema_context("resita_t"):
        case_open(intake=filing("a"))
        with pytest.raises(DatabaseError), transaction.atomic():
            registry_number_take(year=2026)
            raise DatabaseError("the disk is full")
        assert case_open(intake=filing("b")).entry.number == 2


@pytest.mark.django_db
def test_numbers_are_per_uat(world):
    with schema_context("resita_t"):
        case_open(intake=filing("r1"))
        case_open(intake=filing("r2"))
    with schema_context("caransebes_t"):
        assert case_open(intake=filing("c1")).entry.number == 1


@pytest.mark.django_db
def test_case_events_are_append_only(world):
    with schema_context("resita_t"):
        case = case_open(intake=filing("ev"))
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            CaseEvent.objects.filter(case=case).update(note="rewritten")


@pytest.mark.django_db(transaction=False)
def test_concurrent_submissions_get_unique_gapless_numbers(world, django_db_blocker):
    """Sixteen submissions at once on their own connections, committed, some failing."""

    def submit(n: int) -> int | None:
        try:
            with schema_context("caransebes_t"):
                if n % 5 == 0:  # these fail after taking a number
                    try:
                        with transaction.atomic():
                            registry_number_take(year=2031)
                            raise DatabaseError("failed half-way")
                    except DatabaseError:
                        return None
                with transaction.atomic():
                    return registry_number_take(year=2031)
        finally:
            connections.close_all()

    with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=8) as pool:
        numbers = [n for n in pool.map(submit, range(40)) if n is not None]
    try:
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    finally:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM caransebes_t.dms_registrycounter WHERE year = 2031")


def _statements(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.django_db
def test_the_number_is_taken_by_the_registrations_last_statement(world):
    """Every other registration of the UAT waits on the counter's row lock from the number
    to COMMIT: nothing but that one statement may run while it is held."""
    from django.test.utils import CaptureQueriesContext

    with schema_context("resita_t"):
        with CaptureQueriesContext(connection) as captured:
            case = case_open(intake=filing("late-number"))
    statements = _statements(captured)
    taking = [n for n, sql in enumerate(statements) if "dms_registrycounter" in sql]
    assert len(taking) == 2  # read without waiting (the placeholder's length), then taken
    assert "FOR UPDATE" not in statements[taking[0]] and "ON CONFLICT" not in statements[taking[0]]
    after = [sql for sql in statements[taking[1] + 1 :] if not sql.startswith("RELEASE SAVEPOINT")]
    assert after in ([], ["COMMIT"])
    assert case.entry.number == 1


@pytest.mark.django_db
def test_the_texts_written_before_the_number_name_the_number(world):
    from ghiseu.audit.models import AuditEvent

    with schema_context("resita_t"):
        case_open(intake=filing("n1"))
        case = case_open(intake=filing("n2"))
        entry = RegistryEntry.objects.get(pk=case.entry.pk)
        assert entry.number == 2 and entry.display_number == case.entry.display_number
        for notification in Notification.objects.filter(
            idempotency_key__startswith=f"case:{case.pk}:"
        ):
            texts = notification.subject + notification.body_text + notification.body_html
            placeholder = "#" + entry.display_number.removeprefix("2")
            assert entry.display_number in texts and placeholder not in texts
        audit = AuditEvent.objects.get(action="case.registered", object_id=str(case.pk))
        assert audit.data["number"] == entry.display_number
        assert entry.search_text.startswith(f"2 {entry.display_number} ana pop")
        assert RegistryEntry.objects.filter(search_vector="groapa").count() == 2


@pytest.mark.django_db
def test_a_number_that_gains_a_digit_meanwhile_registers_once_with_the_right_texts(
    world, monkeypatch
):
    """The placeholder was one digit long, the number taken has two (the year passed 9 while
    this registration was being written): it is written again, once, with two."""
    import dms.cases.services as services

    real_prepare = services.entry_prepare
    prepared = []

    def prepare_then_nine_others(**kwargs):
        entry = real_prepare(**kwargs)
        if not prepared:
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO dms_registrycounter (year, last_number) VALUES (%s, 9) "
                    "ON CONFLICT (year) DO UPDATE SET last_number = 9",
                    [entry.year],
                )
        prepared.append(entry.number_placeholder)
        return entry

    monkeypatch.setattr(services, "entry_prepare", prepare_then_nine_others)
    with schema_context("resita_t"):
        case = case_open(intake=filing("digit"))
        assert prepared == ["#", "#"]  # the first attempt, rolled back with its number
        assert case.entry.number == 1 and RegistryEntry.objects.count() == 1
        bodies = list(Notification.objects.values_list("body_text", flat=True))
        assert len(bodies) == 2 and all(case.entry.display_number in body for body in bodies)
