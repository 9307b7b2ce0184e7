"""Departments and roles: the UAT administrator organises who sees which cases."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from dms import permissions as access
from dms.departments import services as departments
from dms.departments.defaults import (
    COUNTY_DEPARTMENTS,
    LOCAL_DEPARTMENTS,
    department_default_names,
    offering_department_defaults,
)
from dms.models import Case, Department
from dms.tests.factories import PASSWORD, register, staff
from ghiseu.accounts.models import Role, User
from ghiseu.accounts.services import staff_set_role
from ghiseu.audit.models import AuditEvent
from services_catalog.catalog_data import SERVICES
from services_catalog.offers.models import Offering

pytestmark = pytest.mark.django_db

RESITA = "resita_t"
CARANSEBES = "caransebes_t"


@pytest.fixture(autouse=True)
def no_departments_yet(world):
    """Onboarding gave both UATs the default departments; these tests start from none (the
    test's transaction brings them back)."""
    for schema in (RESITA, CARANSEBES):
        with schema_context(schema):
            Department.objects.all().delete()


def signed_in(portal, email):
    client = portal.client()
    response = client.post("/birou/autentificare/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, "sign-in failed"
    return client


def admin_client(world):
    return signed_in(world.resita, world.resita.admin_email)


def in_resita(fn, *args, **kwargs):
    with schema_context(RESITA):
        return fn(*args, **kwargs)


def user(email):
    with schema_context(RESITA):
        return User.objects.get(email=email)


def department(name, schema=RESITA):
    with schema_context(schema):
        return Department.objects.filter(name=name).first()


def visible_case_ids(email):
    with schema_context(RESITA):
        return set(
            access.cases_visible_to(User.objects.get(email=email)).values_list("pk", flat=True)
        )


# --- defaults ----------------------------------------------------------------------------


def test_the_default_departments_are_created_once_and_a_renamed_one_does_not_come_back(world):
    with schema_context(RESITA):
        Department.objects.all().delete()
        assert departments.departments_defaults_create(uat_kind="municipiu") == len(
            LOCAL_DEPARTMENTS
        )
        assert set(Department.objects.values_list("name", flat=True)) == set(LOCAL_DEPARTMENTS)
        assert AuditEvent.objects.filter(action="department.created").count() >= len(
            LOCAL_DEPARTMENTS
        )
        Department.objects.filter(name="Stare civilă").update(name="Serviciul Stare civilă")
        assert departments.departments_defaults_create(uat_kind="municipiu") == 0
        assert Department.objects.count() == len(LOCAL_DEPARTMENTS)
        assert not Department.objects.filter(name="Stare civilă").exists()


def test_a_county_council_gets_its_own_departments(world):
    assert department_default_names(uat_kind="judet") == COUNTY_DEPARTMENTS
    assert "Direcția tehnică / Drumuri județene" in COUNTY_DEPARTMENTS
    assert "Stare civilă" not in COUNTY_DEPARTMENTS


def test_every_catalog_service_is_sent_to_a_default_department_of_each_kind_that_offers_it():
    for kind in ("judet", "municipiu", "oras", "comuna"):
        defaults = offering_department_defaults(uat_kind=kind)
        names = set(department_default_names(uat_kind=kind))
        offered = {s["code"] for s in SERVICES if kind in s["kinds"]}
        assert set(defaults) == offered, kind
        assert set(defaults.values()) <= names, kind
    assert offering_department_defaults(uat_kind="comuna")["certificat-urbanism"] == (
        "Urbanism și amenajarea teritoriului"
    )
    assert offering_department_defaults(uat_kind="judet")["aviz-drum-judetean"] == (
        "Direcția tehnică / Drumuri județene"
    )


def test_a_case_for_a_default_department_reaches_it(world):
    with schema_context(RESITA):
        Department.objects.all().delete()
        departments.departments_defaults_create(uat_kind="municipiu")
        code = "declaratie-auto"
        case = register(
            service_code=code,
            department=offering_department_defaults(uat_kind="municipiu")[code].upper(),
        )
        assert case.department.name == "Taxe și impozite locale"


# --- the administrator's pages -----------------------------------------------------------


def test_admin_organises_a_department_and_the_member_then_sees_its_cases(world):
    with schema_context(RESITA):
        head = staff("sefa.social@resita-t.example.org", Role.HEAD, "Elena Dobre")
        clerk = User.objects.get(email=world.resita.clerk_email)
    client = admin_client(world)

    response = client.post("/birou/compartimente/", {"name": "  Asistență   socială "})
    created = department("Asistență socială")
    assert created is not None and created.is_active
    assert (
        response.status_code == 302
        and response["Location"] == f"/birou/compartimente/{created.pk}/"
    )
    base = f"/birou/compartimente/{created.pk}"

    assert client.post(f"{base}/sef/", {"head": head.pk}).status_code == 302
    assert client.post(f"{base}/membri/", {"user": clerk.pk}).status_code == 302
    case = in_resita(register, department="asistență socială")
    other = in_resita(register, department="Nu există")

    assert case.pk in visible_case_ids(clerk.email)
    assert other.pk not in visible_case_ids(clerk.email)
    assert case.pk in visible_case_ids(head.email)
    page = client.get(base + "/").content.decode()
    assert "Elena Dobre" in page and "Ion Popescu" in page and "1 dosar deschis" in page

    assert client.post(f"{base}/membri/{clerk.pk}/eliminare/").status_code == 302
    assert case.pk not in visible_case_ids(clerk.email)
    assert case.pk in visible_case_ids(head.email)

    with schema_context(RESITA):
        admin = User.objects.get(email=world.resita.admin_email)
        events = AuditEvent.objects.filter(object_type="dms.department", object_id=str(created.pk))
        assert list(events.order_by("pk").values_list("action", flat=True)) == [
            "department.created",
            "department.head_set",
            "department.member_added",
            "department.member_removed",
        ]
        assert set(events.values_list("actor_id", flat=True)) == {admin.pk}


def test_a_member_with_open_cases_assigned_there_cannot_be_removed(world):
    client = admin_client(world)
    with schema_context(RESITA):
        clerk = User.objects.get(email=world.resita.clerk_email)
        dept = Department.objects.create(name="Fond funciar")
        dept.members.add(clerk)
        case = register(department="Fond funciar")
        Case.objects.filter(pk=case.pk).update(assignee=clerk, status="assigned")
    response = client.post(f"/birou/compartimente/{dept.pk}/membri/{clerk.pk}/eliminare/")
    assert response.status_code == 200
    assert "repartizați-l altcuiva" in response.content.decode()
    assert case.pk in visible_case_ids(clerk.email)


@pytest.mark.parametrize("who", ["a former member", "nobody"])
def test_removing_someone_who_is_not_a_member_says_so_and_changes_nothing(world, who):
    client = admin_client(world)
    with schema_context(RESITA):
        clerk = User.objects.get(email=world.resita.clerk_email)
        dept = Department.objects.create(name="Fond funciar")
        user_id = clerk.pk if who == "a former member" else 987654
        removals = AuditEvent.objects.filter(action="department.member_removed").count()
    response = client.post(f"/birou/compartimente/{dept.pk}/membri/{user_id}/eliminare/")
    html = response.content.decode()
    assert response.status_code == 200 and "Membrul a fost scos" not in html
    assert "nu (mai) lucrează în compartimentul „Fond funciar”" in html
    with schema_context(RESITA):
        assert AuditEvent.objects.filter(action="department.member_removed").count() == removals


def test_a_department_with_open_cases_cannot_be_deactivated_and_the_page_says_why(world):
    client = admin_client(world)
    with schema_context(RESITA):
        dept = Department.objects.create(name="Achiziții publice")
        case = register(department="Achiziții publice")
    url = f"/birou/compartimente/{dept.pk}/stare/"
    response = client.post(url, {"active": "0"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 dosar deschis" in body and "înainte de dezactivare" in body
    assert department("Achiziții publice").is_active

    with schema_context(RESITA):
        Case.objects.filter(pk=case.pk).update(status="answered")
    assert client.post(url, {"active": "0"}).status_code == 302
    assert not department("Achiziții publice").is_active
    # A deactivated department receives no new requests: they wait at the registry.
    assert in_resita(register, department="Achiziții publice").department_id is None
    assert client.post(url, {"active": "1"}).status_code == 302
    assert department("Achiziții publice").is_active


def test_names_are_unique_without_regard_to_case_and_renaming_reports_it(world):
    client = admin_client(world)
    with schema_context(RESITA):
        first = Department.objects.create(name="Registrul agricol")
        second = Department.objects.create(name="Cadastru")
    response = client.post("/birou/compartimente/", {"name": "REGISTRUL AGRICOL"})
    assert (
        response.status_code == 200 and "Există deja un compartiment" in response.content.decode()
    )
    response = client.post(
        f"/birou/compartimente/{second.pk}/denumire/", {"name": "registrul agricol"}
    )
    assert response.status_code == 200 and "Există deja" in response.content.decode()
    assert department("Cadastru") is not None

    with schema_context(RESITA):
        offer = Offering.objects.filter(service__code="petitie").first()
        offer.department = first
        offer.save(update_fields=["department"])
    response = client.post(
        f"/birou/compartimente/{first.pk}/denumire/", {"name": "Registru agricol"}
    )
    assert response.status_code == 302
    assert department("Registru agricol").pk == first.pk
    # The offer follows the renamed department (by key, with nothing to keep in step).
    with schema_context(RESITA):
        offer.refresh_from_db()
        assert offer.department.name == "Registru agricol"


def test_only_a_head_or_an_admin_may_head_and_only_clerks_and_heads_may_be_members(world):
    client = admin_client(world)
    with schema_context(RESITA):
        registrar = staff("reg@resita-t.example.org", Role.REGISTRAR, "Ioana Reg")
        clerk = User.objects.get(email=world.resita.clerk_email)
        dept = Department.objects.create(name="Stare civilă")
    response = client.post(f"/birou/compartimente/{dept.pk}/sef/", {"head": clerk.pk})
    assert response.status_code == 200 and department("Stare civilă").head_id is None
    response = client.post(f"/birou/compartimente/{dept.pk}/membri/", {"user": registrar.pk})
    assert response.status_code == 200
    with schema_context(RESITA):
        assert not dept.members.exists()
        admin = User.objects.get(email=world.resita.admin_email)
    assert (
        client.post(f"/birou/compartimente/{dept.pk}/sef/", {"head": admin.pk}).status_code == 302
    )
    assert department("Stare civilă").head_id == admin.pk


# --- roles -------------------------------------------------------------------------------


def test_admin_changes_a_clerks_role_and_it_is_audited(world):
    client = admin_client(world)
    clerk = user(world.resita.clerk_email)
    response = client.post(
        f"/birou/compartimente/personal/{clerk.pk}/rol/", {f"u{clerk.pk}-role": "registrar"}
    )
    assert response.status_code == 302
    assert user(world.resita.clerk_email).role == Role.REGISTRAR
    case = in_resita(register, department="Nu există")
    assert case.pk in visible_case_ids(world.resita.clerk_email)  # a registrar sees every case
    with schema_context(RESITA):
        event = AuditEvent.objects.get(action="user.role_changed", object_id=str(clerk.pk))
        assert event.data == {"role": {"from": "clerk", "to": "registrar"}}
        assert event.actor_id == User.objects.get(email=world.resita.admin_email).pk


def test_nobody_changes_their_own_role(world):
    client = admin_client(world)
    admin = user(world.resita.admin_email)
    page = client.get("/birou/compartimente/personal/").content.decode()
    assert f"/personal/{admin.pk}/rol/" not in page and "propriul cont" in page
    response = client.post(
        f"/birou/compartimente/personal/{admin.pk}/rol/", {f"u{admin.pk}-role": "clerk"}
    )
    assert response.status_code == 200 and "propriul rol" in response.content.decode()
    assert user(world.resita.admin_email).role == Role.UAT_ADMIN


def test_the_last_administrator_is_never_demoted(world):
    with schema_context(RESITA):
        admin = User.objects.get(email=world.resita.admin_email)
        with pytest.raises(ValidationError) as refused:
            staff_set_role(actor=None, user_id=admin.pk, role=Role.CLERK)
        assert refused.value.code == "last_admin"
        assert User.objects.get(pk=admin.pk).role == Role.UAT_ADMIN


def test_a_demoted_administrator_cannot_demote_the_one_who_demoted_them(world):
    with schema_context(RESITA):
        first = User.objects.get(email=world.resita.admin_email)
        second = staff("admin2@resita-t.example.org", Role.UAT_ADMIN, "Al Doilea")
        stale_second = User.objects.get(pk=second.pk)  # loaded before the demotion
        staff_set_role(actor=first, user_id=second.pk, role=Role.CLERK)
        assert not User.objects.get(pk=second.pk).is_superuser
        with pytest.raises(PermissionDenied):
            staff_set_role(actor=stale_second, user_id=first.pk, role=Role.CLERK)
        assert User.objects.get(pk=first.pk).role == Role.UAT_ADMIN


def test_a_head_stays_head_while_heading_a_department(world):
    client = admin_client(world)
    with schema_context(RESITA):
        head = staff("sef@resita-t.example.org", Role.HEAD, "Maria Ionescu")
        Department.objects.create(name="Urbanism", head=head)
    response = client.post(
        f"/birou/compartimente/personal/{head.pk}/rol/", {f"u{head.pk}-role": "clerk"}
    )
    assert response.status_code == 200
    assert "Numiți alt șef" in response.content.decode()
    assert user(head.email).role == Role.HEAD


def test_a_registrar_holding_a_case_of_no_department_of_theirs_stays_registrar(world):
    with schema_context(RESITA):
        admin = User.objects.get(email=world.resita.admin_email)
        registrar = staff("reg@resita-t.example.org", Role.REGISTRAR, "Ioana Reg")
        case = register(department="Nu există")
        Case.objects.filter(pk=case.pk).update(assignee=registrar, status="assigned")
        with pytest.raises(ValidationError) as refused:
            staff_set_role(actor=admin, user_id=registrar.pk, role=Role.CLERK)
        assert refused.value.code == "has_assigned_cases"


# --- permissions and isolation -----------------------------------------------------------


def test_only_the_uat_administrator_may_open_the_pages(world):
    with schema_context(RESITA):
        dept = Department.objects.create(name="Juridic")
        staff("sef2@resita-t.example.org", Role.HEAD, "Sef Doi")
    paths = [
        "/birou/compartimente/",
        f"/birou/compartimente/{dept.pk}/",
        "/birou/compartimente/personal/",
    ]
    anonymous = world.resita.client()
    for path in paths:
        response = anonymous.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/birou/autentificare/?next={path}"
    for email in (world.resita.clerk_email, "sef2@resita-t.example.org"):
        client = signed_in(world.resita, email)
        for path in paths:
            assert client.get(path).status_code == 403
        assert client.post("/birou/compartimente/", {"name": "Pirat"}).status_code == 403
        assert (
            client.post(f"/birou/compartimente/{dept.pk}/stare/", {"active": "0"}).status_code
            == 403
        )
    assert department("Pirat") is None and department("Juridic").is_active
    assert world.county_client().get("/birou/compartimente/").status_code == 404
    assert admin_client(world).get("/birou/compartimente/999999/").status_code == 404


def test_the_staff_nav_links_only_the_admin_to_departments(world):
    assert "/birou/compartimente/" in admin_client(world).get("/birou/").content.decode()
    clerk = signed_in(world.resita, world.resita.clerk_email)
    assert "/birou/compartimente/" not in clerk.get("/birou/").content.decode()


def test_the_other_uat_is_untouched(world):
    with schema_context(CARANSEBES):
        before = list(Department.objects.values_list("pk", "name", "is_active", "head_id"))
    client = admin_client(world)
    client.post("/birou/compartimente/", {"name": "Protecție civilă"})
    created = department("Protecție civilă")
    assert created is not None
    with schema_context(CARANSEBES):
        after = list(Department.objects.values_list("pk", "name", "is_active", "head_id"))
        assert after == before
        assert not Department.objects.filter(name="Protecție civilă").exists()
    # Reșița's sign-in is worthless on Caransebeș's host.
    client.defaults["HTTP_HOST"] = world.caransebes.host
    response = client.post("/birou/compartimente/", {"name": "Intrus"})
    assert response.status_code == 302 and "/birou/autentificare/" in response["Location"]
    assert department("Intrus", schema=CARANSEBES) is None


def test_the_list_has_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    client = admin_client(world)

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/birou/compartimente/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    with schema_context(RESITA):
        Department.objects.create(name="Unu")
    few, _ = page_queries()
    with schema_context(RESITA):
        clerks = [
            staff(f"c{i}@resita-t.example.org", Role.CLERK, f"Funcționar {i}") for i in range(4)
        ]
        for i in range(8):
            head = staff(f"h{i}@resita-t.example.org", Role.HEAD, f"Șef {i}")
            dept = Department.objects.create(name=f"Compartiment {i}", head=head)
            dept.members.add(*clerks)
            register(department=dept.name)
    many, body = page_queries()
    assert many == few
    assert "Compartiment 7" in body and "Șef 7" in body
    with django_assert_max_num_queries(10):
        client.get("/birou/compartimente/")
    with django_assert_max_num_queries(12):
        client.get("/birou/compartimente/personal/")
