"""The catalog in the county console: county administrators edit services and publish new
form versions; what citizens already filed never changes."""

from __future__ import annotations

import json
import re

import pytest
from django_tenants.utils import schema_context

from dms.cases.services import case_open
from dms.models import Case
from dms.tests.factories import intake
from ghiseu.accounts.models import Role, User
from ghiseu.audit.models import AuditEvent
from services_catalog.console_forms import ServiceTemplateForm
from services_catalog.models import ServiceTemplate, ServiceVersion
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

ADMIN = "catalog@judet.example.org"


@pytest.fixture
def console(world):
    User.objects.create_superuser(ADMIN, PASSWORD)
    client = world.county_client()
    client.post("/consola/cont/autentificare/", {"username": ADMIN, "password": PASSWORD})
    return client


def edit_form(code: str, **overrides):
    """What the edit page posts back when nothing is touched, with ``overrides`` applied."""
    service = ServiceTemplate.objects.get(code=code)
    values = dict(ServiceTemplateForm.for_service(service).initial)
    values["category"] = service.category_id
    values.update(overrides)
    return values


def current_version(code: str) -> ServiceVersion:
    return ServiceVersion.objects.get(service__code=code, retired_at__isnull=True)


def test_catalog_list_shows_every_service_with_its_version_in_bounded_queries(
    console, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = console.get("/consola/catalog/")
    body = response.content.decode()
    assert response.status_code == 200
    linked = set(re.findall(r'href="/consola/catalog/([a-z0-9-]+)/"', body))
    assert linked == set(ServiceTemplate.objects.values_list("code", flat=True))
    assert "certificat-fiscal" in body and f"v{current_version('petitie').number}" in body
    assert 'href="/consola/catalog/"' in console.get("/consola/").content.decode()  # nav link


def test_county_admin_edits_a_service_and_the_edit_is_audited(console, world):
    response = console.post(
        "/consola/catalog/petitie/",
        edit_form(
            "petitie",
            title_ro="Petiție către primărie",
            term_days="25",
            required_documents_ro="Copie CI\nDovada adresei",
            required_documents_en="ID copy\nProof of address",
        ),
    )
    assert (
        response.status_code == 302 and response["Location"] == "/consola/catalog/petitie/#continut"
    )
    petition = ServiceTemplate.objects.get(code="petitie")
    assert petition.title_ro == "Petiție către primărie" and petition.term_days == 25
    assert petition.required_documents_en == ["ID copy", "Proof of address"]
    event = AuditEvent.objects.get(action="catalog.service_updated")
    assert event.actor_label == ADMIN and event.object_id == str(petition.pk)
    assert event.data["changed"]["term_days"] == {"from": 30, "to": 25}
    assert "catalog.service_updated" in console.get("/consola/catalog/petitie/").content.decode()
    # The portal's search follows the new title.
    assert (
        "/servicii/petitie/"
        in world.resita.client().get("/", {"q": "catre primarie"}).content.decode()
    )


def test_saving_an_unchanged_service_records_nothing(console):
    response = console.post("/consola/catalog/petitie/", edit_form("petitie"))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="catalog.service_updated").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"term_days": "0"}, "term_days", "mai mare sau egală cu 1"),
        ({"title_en": ""}, "title_en", "obligatoriu"),
        ({"extension_allowed": "1", "extension_days": ""}, "extension_days", "numărul de zile"),
        ({"uat_kinds": []}, "uat_kinds", "obligatoriu"),
        ({"uat_kinds": ["judet", "sat"]}, "uat_kinds", "nu face parte din"),
        ({"fee_lei": "-1"}, "fee_lei", "mai mare sau egală cu 0"),
        # Caught by the service, not the form: the two lists must pair up.
        ({"required_documents_ro": "Copie CI\nDovada"}, "required_documents_en", "aceeași ordine"),
    ],
)
def test_a_bad_edit_is_explained_next_to_its_field_and_changes_nothing(
    console, overrides, field, error
):
    before = ServiceTemplate.objects.get(code="petitie")
    response = console.post(
        "/consola/catalog/petitie/", edit_form("petitie", title_ro="Altceva", **overrides)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'id="id_{field}_error">[^<]*<li>[^<]*{error}', body)
    # The input (or the group of checkboxes) names its error for screen readers.
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', body)
    after = ServiceTemplate.objects.get(code="petitie")
    assert (after.title_ro, after.updated_at) == (before.title_ro, before.updated_at)
    assert not AuditEvent.objects.filter(action="catalog.service_updated").exists()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('[{"name": "x", ', "nu este JSON valid (linia 1"),
        ("[" * 40_000 + "]" * 40_000, "nu este JSON valid"),  # nested too deep
        ("[]", "cel puțin un câmp"),
        ('{"name": "x"}', "cel puțin un câmp"),
        ('[{"name": "x", "type": ["text"], "label": {"ro": "X", "en": "X"}}]', "tip necunoscut"),
        ('[{"name": "version", "type": "text", "label": {"ro": "V", "en": "V"}}]', "nume invalid"),
        (
            '[{"name": "x", "type": "text", "label": {"ro": "X", "en": "X"}, "max_length": "9"}]',
            "lungimea maximă",
        ),
        (
            '[{"name": "x", "type": "text", "label": {"ro": "X", "en": "X"}, "help": "ajutor"}]',
            "textul de ajutor",
        ),
        (
            '[{"name": "x", "type": "text", "label": {"ro": "X", "en": "X"}, "visible_if": "y"}]',
            "câmp inexistent",
        ),
    ],
)
def test_a_bad_form_schema_is_refused_with_a_clear_error_and_publishes_nothing(
    console, text, error
):
    versions = ServiceVersion.objects.count()
    response = console.post("/consola/catalog/petitie/versiune-noua/", {"form_schema": text})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_form_schema_error"' in body and error in body
    assert ServiceVersion.objects.count() == versions
    assert not AuditEvent.objects.filter(action="catalog.version_published", actor_label=ADMIN)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/consola/catalog/"),
        ("get", "/consola/catalog/petitie/"),
        ("post", "/consola/catalog/petitie/"),
        ("post", "/consola/catalog/petitie/versiune-noua/"),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login(world, method, path):
    response = getattr(world.county_client(), method)(path, {"form_schema": "[]"})
    assert response.status_code == 302 and "/consola/cont/autentificare/" in response["Location"]
    assert ServiceVersion.objects.filter(service__code="petitie").count() == 1


def test_uat_staff_cannot_reach_the_catalog_console(world):
    clerk = world.resita.client()
    clerk.post(
        "/birou/autentificare/", {"username": world.resita.clerk_email, "password": PASSWORD}
    )
    assert clerk.get("/consola/catalog/").status_code == 404  # the console is not on UAT sites
    assert clerk.get("/birou/").status_code == 200  # signed in, yet refused above
    User.objects.create_user("ajutor@judet.example.org", PASSWORD, role=Role.CLERK)
    county = world.county_client()
    county.post(
        "/consola/cont/autentificare/",
        {"username": "ajutor@judet.example.org", "password": PASSWORD},
    )
    assert county.get("/consola/catalog/").status_code == 403
    assert (
        county.post("/consola/catalog/petitie/versiune-noua/", {"form_schema": "[]"}).status_code
        == 403
    )


def test_publishing_a_version_keeps_filed_cases_and_the_portal_shows_the_new_form(console, world):
    first = current_version("petitie")
    with schema_context(world.resita.uat.schema_name):
        case = case_open(
            intake=intake(
                service_code="petitie",
                service_title="Petiție",
                service_version=first.number,
                term_days=30,
                term_unit="calendar",
                department="Registratură",
                file_code="I-4",
                citizen_name="Ana Pop",
                citizen_email="ana@example.org",
                citizen_phone="",
                answers={"full_name": "Ana Pop", "content": "Groapă"},
                summary="Petiție",
                submission_key="console-catalog-test",
                tracking_url_template="http://resita-t.localhost/c/{token}/",
            )
        )
    schema = [
        *first.form_schema,
        {"name": "street", "type": "text", "label": {"ro": "Strada vizată", "en": "Street"}},
    ]
    response = console.post(
        "/consola/catalog/petitie/versiune-noua/", {"form_schema": json.dumps(schema)}
    )
    assert response.status_code == 302
    second = current_version("petitie")
    first.refresh_from_db()
    assert second.number == first.number + 1 and first.retired_at is not None
    published = AuditEvent.objects.get(action="catalog.version_published", actor_label=ADMIN)
    assert published.object_id == str(second.pk)
    with schema_context(world.resita.uat.schema_name):
        case = Case.objects.get(pk=case.pk)
    assert case.service_version == first.number
    assert case.answers == {"full_name": "Ana Pop", "content": "Groapă"}
    page = world.resita.client().get("/servicii/petitie/cerere/").content.decode()
    assert "Strada vizată" in page and f'name="version" value="{second.number}"' in page
    detail = console.get("/consola/catalog/petitie/").content.decode()
    assert f"v{second.number}" in detail and "catalog.version_published" in detail


def test_publishing_the_current_form_again_creates_no_version(console):
    current = current_version("petitie")
    response = console.post(
        "/consola/catalog/petitie/versiune-noua/",
        {"form_schema": json.dumps(current.form_schema)},
        follow=True,
    )
    assert "nu s-a publicat nimic" in response.content.decode()
    assert ServiceVersion.objects.filter(service__code="petitie").count() == 1


def test_an_unknown_service_is_a_404(console):
    assert console.get("/consola/catalog/nu-exista/").status_code == 404
