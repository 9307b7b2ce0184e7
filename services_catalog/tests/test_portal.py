from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from ghiseu.ops.text import fold
from services_catalog.form_schema import schema_check
from services_catalog.models import ServiceTemplate
from services_catalog.offers.models import Offering
from services_catalog.services import service_version_publish

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spelling", ["Reșița", "Reşiţa", "Resita", "RESIȚA", "resita"])
def test_every_spelling_of_a_romanian_name_folds_alike(spelling):
    assert fold(spelling) == "resita"


def test_the_seed_catalog_has_the_services_with_their_legal_terms(world):
    assert ServiceTemplate.objects.count() >= 15
    petition = ServiceTemplate.objects.get(code="petitie")
    assert (petition.term_days, petition.term_unit, petition.extension_days) == (30, "calendar", 15)
    assert "27/2002" in petition.legal_basis
    info = ServiceTemplate.objects.get(code="informatii-publice")
    assert info.term_days == 10 and "544/2001" in info.legal_basis
    assert ServiceTemplate.objects.get(code="certificat-fiscal").term_unit == "working"
    assert all(
        s.versions.filter(retired_at__isnull=True).count() == 1
        for s in ServiceTemplate.objects.all()
    )


@pytest.mark.parametrize(
    "query",
    ["autorizatie", "Autorizaţie", "autorizație construire", "CONSTRUIRE", "building permit"],
)
def test_search_ignores_diacritics_cedillas_case_and_language(world, query):
    page = world.resita.client().get("/", {"q": query}).content.decode()
    assert "Autorizație de construire / desființare" in page
    assert "Cerere de audiență" not in page


def test_a_search_with_no_match_says_so(world):
    page = world.resita.client().get("/", {"q": "zzzz <script>"}).content.decode()
    assert "Niciun serviciu nu se potrivește" in page and "<script>" not in page


def test_categories_filter_the_list(world):
    page = world.resita.client().get("/", {"categorie": "taxe"}).content.decode()
    assert "Certificat de atestare fiscală" in page and "Certificat de urbanism" not in page


def test_each_uat_offers_the_services_meant_for_its_kind(world):
    with schema_context(world.resita.uat.schema_name):
        codes = set(Offering.objects.values_list("service__code", flat=True))
    assert "certificat-urbanism" in codes and "aviz-drum-judetean" not in codes
    assert world.resita.client().get("/servicii/aviz-drum-judetean/").status_code == 404


def test_the_service_page_shows_term_cost_outcome_and_legal_basis(world):
    page = world.resita.client().get("/servicii/informatii-publice/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "10 zile calendaristice" in body and "Legea 544/2001" in body
    assert "se poate prelungi o dată cu cel mult 20 zile" in body and "gratuit" in body


def test_a_service_one_uat_withdraws_stays_offered_by_another(world):
    with schema_context(world.resita.uat.schema_name):
        Offering.objects.filter(service__code="audienta").update(is_offered=False)
    assert world.resita.client().get("/servicii/audienta/").status_code == 404
    assert world.caransebes.client().get("/servicii/audienta/").status_code == 200


def test_the_portal_home_has_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    # domain lookup, offerings, category counts, categories (+ django-tenants' SET search_path)
    with django_assert_max_num_queries(8):
        assert world.resita.client().get("/").status_code == 200


def test_a_unknown_service_is_a_friendly_404(world):
    response = world.resita.client().get("/servicii/nu-exista/")
    assert response.status_code == 404 and "Pagina nu există" in response.content.decode()


@pytest.mark.parametrize(
    "schema",
    [
        [],
        [{"name": "x"}],
        [{"name": "Bad Name", "type": "text", "label": {"ro": "a", "en": "a"}}],
        [
            {
                "name": "f",
                "type": "file",
                "label": {"ro": "a", "en": "a"},
                "allowed_types": ["application/x-msdownload"],
            }
        ],
        [{"name": "c", "type": "choice", "label": {"ro": "a", "en": "a"}}],
        [
            {
                "name": "a",
                "type": "text",
                "label": {"ro": "a", "en": "a"},
                "visible_if": {"field": "zz", "equals": 1},
            }
        ],
    ],
)
def test_a_broken_form_schema_is_refused(schema):
    with pytest.raises(ValidationError):
        schema_check(schema)


def test_publishing_a_new_version_keeps_the_old_one_for_what_was_filed(world):
    service = ServiceTemplate.objects.get(code="petitie")
    first = service.versions.get(retired_at__isnull=True)
    schema = [
        *first.form_schema,
        {"name": "extra", "type": "text", "label": {"ro": "În plus", "en": "Extra"}},
    ]
    second = service_version_publish(service=service, form_schema=schema)
    first.refresh_from_db()
    assert second.number == first.number + 1 and first.retired_at is not None
    assert first.form_schema != second.form_schema


def test_a_fee_set_by_law_is_explained_not_called_free(world):
    body = world.resita.client().get("/servicii/certificat-urbanism/").content.decode()
    assert "Taxă în funcție de suprafață" in body and "gratuit" not in body


@pytest.mark.parametrize(
    ("path", "text"), [("/accesibilitate/", "OUG 112/2018"), ("/confidentialitate/", "2016/679")]
)
def test_each_portal_publishes_its_accessibility_statement_and_privacy_notice(world, path, text):
    page = world.resita.client().get(path).content.decode()
    assert (
        text in page and "Municipiul Reșița" in page and "registratura@resita-t.example.org" in page
    )
    assert "Municipiul Caransebeș" in world.caransebes.client().get(path).content.decode()
