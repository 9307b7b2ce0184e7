from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from dms.models import Department
from ghiseu.accounts.models import User
from ghiseu.audit.models import AuditEvent
from services_catalog.offers.models import Offering
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

EXTRA = [
    {
        "name": "nr_cadastral",
        "type": "text",
        "label": {"ro": "Număr cadastral al terenului", "en": "Cadastral number"},
        "required": True,
    }
]


def staff(world, who="admin", portal="resita"):
    p = getattr(world, portal)
    client = p.client()
    email = p.admin_email if who == "admin" else p.clerk_email
    client.post("/birou/autentificare/", {"username": email, "password": PASSWORD})
    return client


def offer(world, code, portal="resita"):
    with schema_context(getattr(world, portal).uat.schema_name):
        return Offering.objects.select_related("service", "department").get(service__code=code)


def form_data(**changes):
    data = {
        "is_offered": "on",
        "fee_lei": "",
        "department": "",
        "term_days": "",
        "instructions_ro": "",
        "instructions_en": "",
        "extra_fields": "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def snapshot(world, code, portal="resita"):
    o = offer(world, code, portal)
    return (
        o.is_offered,
        o.fee_lei,
        o.department,
        o.term_days,
        o.extra_fields,
        o.instructions_ro,
        o.instructions_en,
    )


def test_the_list_shows_every_applicable_service_with_its_offer_in_bounded_queries(
    world, django_assert_max_num_queries
):
    with schema_context(world.resita.uat.schema_name):
        Offering.objects.filter(service__code="audienta").update(is_offered=False)
        Offering.objects.filter(service__code="certificat-urbanism").update(
            department=Department.objects.get_or_create(name="Urbanism")[0],
            fee_lei=Decimal("15.50"),
            term_days=20,
        )
    client = staff(world)
    # session, user, catalog services, offerings (+ domain lookup and search_path switches);
    # the same however many services the catalog holds.
    with django_assert_max_num_queries(10):
        page = client.get("/birou/servicii/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Certificat de urbanism" in body and "Urbanism" in body and "15,50 lei" in body
    assert "Cerere de audiență" in body  # withdrawn, still listed so it can be offered again
    assert "aviz-drum-judetean" not in body  # the county's own services are not a town's


def test_the_staff_home_links_admins_to_the_offer(world):
    assert "/birou/servicii/" in staff(world).get("/birou/").content.decode()
    assert "/birou/servicii/" not in staff(world, who="clerk").get("/birou/").content.decode()


def test_an_admin_sets_fee_term_and_instructions_and_the_portal_shows_them(world):
    response = staff(world).post(
        "/birou/servicii/certificat-urbanism/",
        form_data(
            fee_lei="42,5",
            department="Urbanism și amenajarea teritoriului",
            term_days="12",
            instructions_ro="Aduceți planul de situație la ghișeul 3.",
            instructions_en="Bring the site plan to desk 3.",
        ),
    )
    assert response.status_code == 302 and response["Location"] == "/birou/servicii/"
    page = world.resita.client().get("/servicii/certificat-urbanism/").content.decode()
    assert "42,50 lei" in page and "12 zile" in page
    assert "Aduceți planul de situație la ghișeul 3." in page
    assert (
        offer(world, "certificat-urbanism").department.name == "Urbanism și amenajarea teritoriului"
    )
    with schema_context(world.resita.uat.schema_name):
        admin = User.objects.get(email=world.resita.admin_email)
        event = AuditEvent.objects.get(action="offering.saved")
    assert event.actor_id == admin.pk
    assert event.data["service"] == "certificat-urbanism"
    assert event.data["fee_lei"] == {"from": None, "to": "42.50"}


def test_the_edit_form_shows_the_current_offer(world):
    with schema_context(world.resita.uat.schema_name):
        Offering.objects.filter(service__code="petitie").update(
            department=Department.objects.get_or_create(name="Registratură")[0],
            extra_fields=EXTRA,
        )
    page = staff(world).get("/birou/servicii/petitie/").content.decode()
    assert 'value="Registratură"' in page and "nr_cadastral" in page
    assert "30 zile calendaristice" in page  # the legal term the admin may not exceed
    assert "taxa din catalog (0,00 lei)" in page


def test_stopping_an_offer_makes_the_service_disappear_from_the_portal(world):
    response = staff(world).post("/birou/servicii/audienta/", form_data(is_offered=None))
    assert response.status_code == 302
    assert offer(world, "audienta").is_offered is False
    assert world.resita.client().get("/servicii/audienta/").status_code == 404
    assert world.resita.client().get("/servicii/audienta/cerere/").status_code == 404
    assert world.caransebes.client().get("/servicii/audienta/").status_code == 200


def test_a_service_never_offered_here_can_be_offered(world):
    with schema_context(world.resita.uat.schema_name):
        Offering.objects.filter(service__code="sesizare").delete()
    assert world.resita.client().get("/servicii/sesizare/").status_code == 404
    page = staff(world).get("/birou/servicii/sesizare/").content.decode()
    assert 'name="is_offered"' in page and "checked" not in page
    staff(world).post("/birou/servicii/sesizare/", form_data())
    assert world.resita.client().get("/servicii/sesizare/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"term_days": "31"}, "term_days", "nu poate depăși termenul legal"),
        ({"term_days": "0"}, "term_days", "nu poate depăși termenul legal"),
        ({"term_days": "-3"}, "term_days", "nu poate depăși termenul legal"),
        ({"term_days": "zece"}, "term_days", "Scrieți termenul ca număr de zile"),
        ({"fee_lei": "doi lei"}, "fee_lei", "Scrieți taxa ca număr"),
        ({"fee_lei": "-1"}, "fee_lei", "Taxa nu poate fi negativă"),
        ({"extra_fields": '[{"name": "x",'}, "extra_fields", "nu este JSON valid"),
        ({"extra_fields": '{"name": "x"}'}, "extra_fields", "o listă JSON"),
        ({"extra_fields": '[{"name": "X Y", "type": "nope"}]'}, "extra_fields", "nume invalid"),
        (
            {"extra_fields": json.dumps([{**EXTRA[0], "name": "email"}])},
            "extra_fields",
            "deja folosite de formularul din catalog: email.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_field_error_and_nothing_changes(
    world, changes, field, message
):
    before = snapshot(world, "petitie")
    response = staff(world).post(
        "/birou/servicii/petitie/", form_data(**{"fee_lei": "5", "term_days": "20", **changes})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    # The error is tied to its field: listed under it and named by the field's aria-describedby.
    assert f'id="id_{field}_error"' in body and 'aria-invalid="true"' in body
    assert snapshot(world, "petitie") == before
    with schema_context(world.resita.uat.schema_name):
        assert not AuditEvent.objects.filter(action="offering.saved").exists()


def test_the_legal_term_itself_is_accepted(world):
    staff(world).post("/birou/servicii/petitie/", form_data(term_days="30"))
    assert offer(world, "petitie").term_days == 30


def test_an_extra_field_appears_on_the_citizen_form(world):
    response = staff(world).post(
        "/birou/servicii/certificat-urbanism/", form_data(extra_fields=json.dumps(EXTRA))
    )
    assert response.status_code == 302
    assert offer(world, "certificat-urbanism").extra_fields == EXTRA
    page = world.resita.client().get("/servicii/certificat-urbanism/cerere/").content.decode()
    assert "Număr cadastral al terenului" in page and 'name="nr_cadastral"' in page
    other = world.caransebes.client().get("/servicii/certificat-urbanism/cerere/")
    assert "nr_cadastral" not in other.content.decode()


def test_a_clerk_may_not_manage_the_offer(world):
    clerk = staff(world, who="clerk")
    assert clerk.get("/birou/servicii/").status_code == 403
    before = snapshot(world, "petitie")
    assert clerk.post("/birou/servicii/petitie/", form_data(fee_lei="99")).status_code == 403
    assert snapshot(world, "petitie") == before


def test_anonymous_visitors_are_sent_to_sign_in(world):
    client = world.resita.client()
    for path in ("/birou/servicii/", "/birou/servicii/petitie/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/birou/autentificare/?next={path}"


def test_reșița_admin_changes_nothing_at_caransebeș(world):
    before = snapshot(world, "petitie", portal="caransebes")
    staff(world).post("/birou/servicii/petitie/", form_data(fee_lei="77", term_days="5"))
    assert offer(world, "petitie").fee_lei == Decimal("77")
    assert snapshot(world, "petitie", portal="caransebes") == before
    # Reșița's sign-in is worthless on Caransebeș's host.
    foreign = staff(world)
    foreign.defaults["HTTP_HOST"] = world.caransebes.host
    response = foreign.post("/birou/servicii/petitie/", form_data(fee_lei="1"))
    assert response.status_code == 302 and "/birou/autentificare/" in response["Location"]
    assert snapshot(world, "petitie", portal="caransebes") == before


def test_a_service_not_meant_for_this_kind_of_uat_is_not_found(world):
    client = staff(world)
    assert client.get("/birou/servicii/aviz-drum-judetean/").status_code == 404
    assert client.get("/birou/servicii/nu-exista/").status_code == 404


def test_the_department_is_chosen_among_the_uats_own_departments(world):
    client = staff(world)
    page = client.get("/birou/servicii/petitie/").content.decode()
    assert "Registratură / Relații cu publicul" in page
    response = client.post("/birou/servicii/petitie/", form_data(department="Inventat"))
    assert response.status_code == 200 and "Inventat" not in page
    assert str(offer(world, "petitie").department) != "Inventat"
