"""Registering acts: the register's next number per section and year, gapless also under
concurrent registrations; a number taken twice, bad dates or a non-PDF change nothing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import timezone
from django_tenants.utils import schema_context

from ghiseu.audit.models import AuditEvent
from website.documents import pdf_check
from website.models import Act, RegisterCounter
from website.tests.helpers import checked_pdf, register_act

pytestmark = pytest.mark.django_db


def test_acts_are_numbered_per_section_and_year_of_adoption(world):
    with schema_context("resita_t"):
        first = register_act()
        second = register_act()
        disposition = register_act(section="dispozitii")
        last_year = register_act(adopted_on=date(2025, 12, 30))
        assert [first.number, second.number, disposition.number] == [1, 2, 1]
        assert (last_year.year, last_year.number) == (2025, 1)
        assert str(second) == "Hotărârea nr. 2/2026"
        assert AuditEvent.objects.filter(action="mol.act_registered").count() == 4


def test_a_number_taken_twice_is_refused_and_consumes_nothing(world):
    with schema_context("resita_t"):
        register_act(number=1)
        with pytest.raises(ValidationError) as taken:
            register_act(number=1)
        assert "este deja înregistrat" in str(taken.value.message_dict["number"])
        with pytest.raises(ValidationError) as gap:
            register_act(number=7)
        assert "nu poate avea goluri" in str(gap.value.message_dict["number"])
        assert Act.objects.count() == 1
        assert register_act(number=2).number == 2


@pytest.mark.parametrize(
    ("adopted_on", "message"),
    [
        (timezone.localdate() + timedelta(days=1), "viitor"),
        (date(1989, 12, 31), "înainte de 01.01.1990"),
    ],
)
def test_a_date_in_the_future_or_before_1990_is_refused(world, adopted_on, message):
    with schema_context("resita_t"):
        with pytest.raises(ValidationError) as error:
            register_act(adopted_on=adopted_on)
        assert message in str(error.value.message_dict["adopted_on"])
        assert not Act.objects.exists() and not RegisterCounter.objects.exists()


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name():
    fake = SimpleUploadedFile("hotarare.pdf", b"<script>alert(1)</script>", "application/pdf")
    with pytest.raises(ValidationError) as error:
        pdf_check(fake)
    assert "nu este un document acceptat" in error.value.messages[0]


@pytest.mark.django_db(transaction=False)
def test_concurrent_registrations_get_unique_gapless_numbers(world, django_db_blocker):
    """Twenty secretaries at once on their own connections, committed; every fourth asks for
    number 1, which is taken by then or by another: refused after the lock, no gap left.
    The PDF is made beforehand: reportlab's font subsetting is not thread-safe."""
    pdf = checked_pdf("Document financiar", "Execuția bugetului.")

    def register(n: int) -> int | None:
        try:
            with schema_context("caransebes_t"):
                try:
                    act = register_act(
                        section="financiare",
                        adopted_on=date(1999, 3, 1),
                        number=1 if n % 4 == 3 else None,
                        publish=False,
                        pdf=pdf,
                    )
                except ValidationError:
                    return None
                return act.number
        finally:
            connections.close_all()

    with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=8) as pool:
        numbers = [n for n in pool.map(register, range(20)) if n is not None]
    try:
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert len(numbers) >= 15
    finally:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM caransebes_t.website_actfile WHERE act_id IN "
                "(SELECT id FROM caransebes_t.website_act WHERE year = 1999);"
                "DELETE FROM caransebes_t.website_act WHERE year = 1999;"
                "DELETE FROM caransebes_t.website_registercounter WHERE year = 1999"
            )
