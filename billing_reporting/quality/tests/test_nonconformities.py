"""The register of nonconformities: a breached deadline opens exactly one; each step is done
by someone who may, in order, and audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from billing_reporting.facts.services import facts_refresh
from billing_reporting.facts.tasks import facts_refresh as facts_refresh_everywhere
from billing_reporting.models import CaseFact
from billing_reporting.quality.models import Nonconformity
from billing_reporting.tests.clients import staff_client
from billing_reporting.tests.worlds import generate
from dms.cases.history import HistoryMix, expected_outcomes
from dms.models import Department
from ghiseu.accounts.models import Role, User
from ghiseu.audit.models import AuditEvent
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db
MIX = HistoryMix(late=100, stuck_open=50)


def test_a_breached_deadline_opens_exactly_one_nonconformity(world):
    generate("resita_t", cases=400, mix=MIX, today=timezone.localdate())
    facts_refresh_everywhere(full=True)
    facts_refresh_everywhere(full=True)
    facts_refresh_everywhere()  # the nightly window as well
    expected = expected_outcomes(cases=400, mix=MIX)
    breaches = expected["late"] + expected["stuck_open"]
    with schema_context("resita_t"):
        opened = Nonconformity.objects.filter(source="deadline")
        assert opened.count() == breaches
        assert opened.values("case_id").distinct().count() == breaches
        assert AuditEvent.objects.filter(action="nonconformity.opened").count() == breaches
        late = opened.filter(
            case_number__in=CaseFact.objects.filter(schema_name="resita_t", outcome="open").values(
                "number"
            )
        )
        assert "încă deschisă" in late.first().description
    with schema_context("caransebes_t"):
        assert not Nonconformity.objects.exists()


@pytest.fixture
def register(world):
    """Reșița with a breached case in Urbanism, whose head owns its nonconformity."""
    generate(
        "resita_t", cases=40, mix=HistoryMix(late=200, stuck_open=0), today=timezone.localdate()
    )
    with schema_context("resita_t"):
        head = User.objects.create_user("sef@resita-t.example.org", PASSWORD, role=Role.HEAD)
        other_head = User.objects.create_user(
            "sef.taxe@resita-t.example.org", PASSWORD, role=Role.HEAD
        )
        Department.objects.filter(name="Urbanism").update(head=head)
        Department.objects.filter(name="Taxe").update(head=other_head)
        facts_refresh(schema="resita_t", days=None)
        urbanism = Department.objects.get(name="Urbanism")
        entry = Nonconformity.objects.filter(department_id=urbanism.pk).first()
        admin = User.objects.get(email=world.resita.admin_email)
        clerk = User.objects.get(email=world.resita.clerk_email)
    assert entry.owner_id == head.pk
    return entry, head, other_head, admin, clerk


def test_the_owner_takes_it_from_correction_to_closure_and_every_step_is_audited(world, register):
    entry, head, _other, _admin, _clerk = register
    client = staff_client(world.resita, head)
    base = f"/birou/neconformitati/{entry.pk}/"
    assert entry.title in client.get(base).content.decode()
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    steps = [
        ("check", {"effective": "1", "note": "x"}, 400, "Pasul nu este posibil"),
        ("correct", {"correction": "Răspunsul a fost trimis."}, 302, ""),
        (
            "plan",
            {"root_cause": "Un singur funcționar", "action": "Înlocuitor", "due": past},
            400,
            "nu poate fi în trecut",
        ),
        (
            "plan",
            {"root_cause": "Un singur funcționar", "action": "Înlocuitor", "due": "9999-12-31"},
            400,
            "cel mult peste un an",
        ),
        (
            "plan",
            {"root_cause": "Un singur funcționar", "action": "Înlocuitor", "due": later},
            302,
            "",
        ),
        ("check", {"effective": "0", "note": "Tot întârzie"}, 302, ""),
        ("plan", {"root_cause": "Volum mare", "action": "Încă un post", "due": later}, 302, ""),
        ("check", {"effective": "1", "note": "În termen de trei luni"}, 302, ""),
        ("correct", {"correction": "din nou"}, 400, "Pasul nu este posibil"),
    ]
    for name, data, status, message in steps:
        response = client.post(base + name + "/", data)
        assert response.status_code == status, (name, response.content.decode()[:3000])
        if message:
            assert message in response.content.decode()
    with schema_context("resita_t"):
        entry.refresh_from_db()
        assert entry.state == "closed" and entry.corrective_action == "Încă un post"
        assert "ineficace" in entry.effectiveness and "eficace" in entry.effectiveness
        actions = list(
            AuditEvent.objects.filter(object_type="quality.nonconformity", object_id=str(entry.pk))
            .order_by("id")
            .values_list("action", flat=True)
        )
    assert actions == [
        "nonconformity.opened",
        "nonconformity.corrected",
        "nonconformity.action_planned",
        "nonconformity.check_failed",
        "nonconformity.action_planned",
        "nonconformity.closed",
    ]


def test_who_sees_and_works_the_register(world, register):
    entry, _head, other_head, admin, clerk = register
    base = f"/birou/neconformitati/{entry.pk}/"
    assert staff_client(world.resita, other_head).get(base).status_code == 404
    assert staff_client(world.resita, clerk).get(base).status_code == 404
    assert (
        staff_client(world.resita, clerk).post(base + "correct/", {"correction": "x"}).status_code
        == 404
    )
    assert staff_client(world.resita, clerk).get("/birou/neconformitati/noua/").status_code == 404
    listing = staff_client(world.resita, admin).get("/birou/neconformitati/")
    assert entry.display_number in listing.content.decode()
    assert (
        entry.display_number
        not in staff_client(world.resita, other_head).get("/birou/neconformitati/").content.decode()
    )
    with schema_context("caransebes_t"):
        outsider = User.objects.get(email=world.caransebes.admin_email)
    assert staff_client(world.caransebes, outsider).get(base).status_code == 404


def test_a_head_records_an_internal_finding(world, register):
    _entry, head, _other, _admin, _clerk = register
    client = staff_client(world.resita, head)
    refused = client.post("/birou/neconformitati/noua/", {"title": "", "description": ""})
    assert refused.status_code == 400
    done = client.post(
        "/birou/neconformitati/noua/",
        {"title": "Arhivă neordonată", "description": "Dosare fără indicativ.", "department": "0"},
    )
    assert done.status_code == 302
    with schema_context("resita_t"):
        assert Nonconformity.objects.filter(source="manual", title="Arhivă neordonată").exists()


def test_the_register_makes_a_bounded_number_of_queries(
    world, register, django_assert_max_num_queries
):
    _entry, _head, _other, admin, _clerk = register
    client = staff_client(world.resita, admin)
    with django_assert_max_num_queries(12):
        client.get("/birou/neconformitati/?stare=toate")
