"""Staff see a CNP masked everywhere; in full only on the case page, on request, audited."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from dms.cases.tests.test_inbox import signed_in
from dms.tests.factories import office, register
from ghiseu.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
CNP = "1960523460019"


@pytest.fixture
def resita(world):
    with schema_context("resita_t"):
        yield office(world)


def test_the_full_cnp_is_shown_on_request_and_the_viewing_is_audited(world, resita):
    case = register(answers={"cnp": CNP, "content": "Groapă"}, summary="Petiție: groapă")
    clerk = signed_in(world, resita.clerk)
    page = clerk.get(f"/birou/dosare/{case.pk}/").content.decode()
    assert CNP not in page and "Arată CNP-ul complet" in page
    assert not AuditEvent.objects.filter(action="case.cnp_viewed").exists()
    revealed = clerk.post(f"/birou/dosare/{case.pk}/cnp/").content.decode()
    assert CNP in revealed
    event = AuditEvent.objects.get(action="case.cnp_viewed")
    assert event.actor_id == resita.clerk.pk and event.object_id == str(case.pk)
    # The next visit masks it again.
    assert CNP not in clerk.get(f"/birou/dosare/{case.pk}/").content.decode()


def test_lists_and_the_registry_export_never_carry_the_cnp(world, resita):
    register(answers={"cnp": CNP, "content": "Groapă"}, summary="Petiție: groapă")
    registrar = signed_in(world, resita.registrar)
    inbox = registrar.get("/birou/dosare/").content.decode()
    assert "Petiție: groapă" in inbox and CNP not in inbox
    # Findable by the CNP the clerk types (their own query is echoed back, nothing more).
    found = registrar.get("/birou/dosare/", {"q": CNP}).content.decode()
    assert "Petiție: groapă" in found
    export = registrar.get("/birou/registratura/export.csv")
    assert export.status_code == 200
    assert CNP not in b"".join(export.streaming_content).decode("utf-8-sig")


def test_who_may_not_see_the_case_cannot_reveal_its_cnp(world, resita):
    case = register(answers={"cnp": CNP}, summary="Petiție")
    outsider = signed_in(world, resita.other_clerk)  # works in Taxes, not Urbanism
    assert outsider.post(f"/birou/dosare/{case.pk}/cnp/").status_code == 404
    other_uat = signed_in(
        world, type("U", (), {"email": world.caransebes.admin_email})(), "caransebes"
    )
    assert other_uat.post(f"/birou/dosare/{case.pk}/cnp/").status_code == 404
    assert not AuditEvent.objects.filter(action="case.cnp_viewed").exists()
    assert signed_in(world, resita.clerk).get(f"/birou/dosare/{case.pk}/cnp/").status_code == 405
