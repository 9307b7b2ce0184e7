"""What arrives over HTTP, on every kind of URL: control characters in query strings, forms,
file names, cookies and paths; API pagination; the published API schema."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context

from dms.models import Case
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

# Every query parameter a list or a filter reads, each given a NUL, a mixed value and controls.
PARAMETERS = (
    "q categorie status department service assignee due pagina dupa conexare term next p "
    "start end direction channel year kind language limit offset lang"
).split()
POISONED = "&".join(f"{name}={value}" for name in PARAMETERS for value in ("%00", "a%00b%1b%7f"))


def no_argument_paths(urlconf: str, prefix: str = "", resolver: URLResolver | None = None):
    """Every route of a URL conf that needs no argument, as a path."""
    resolver = resolver or get_resolver(urlconf)
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if "<" in route or "(?P" in route or route.startswith("^"):
            continue
        if isinstance(pattern, URLPattern):
            yield "/" + prefix + route
        else:
            yield from no_argument_paths(urlconf, prefix + route, pattern)


def signed_in_staff(world):
    client = world.resita.client()
    response = client.post(
        "/birou/autentificare/", {"username": world.resita.admin_email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def signed_in_county(world):
    from ghiseu.accounts.models import User

    User.objects.create_superuser("sef@judet.example.org", PASSWORD)
    client = world.county_client()
    client.post(
        "/consola/cont/autentificare/", {"username": "sef@judet.example.org", "password": PASSWORD}
    )
    return client


@pytest.mark.parametrize("query", ["q=%00", "categorie=%00", "q=a%00b"])
def test_a_nul_in_the_portal_search_is_dropped_not_a_server_error(world, query):
    page = world.resita.client().get(f"/?{query}")
    assert page.status_code == 200
    if query == "q=a%00b":
        assert 'value="ab"' in page.content.decode()


def test_no_page_of_portal_staff_area_or_county_site_fails_on_control_characters(world):
    portal, county = signed_in_staff(world), signed_in_county(world)
    checked = 0
    for client, urlconf in (
        (portal, settings.ROOT_URLCONF),
        (county, settings.PUBLIC_SCHEMA_URLCONF),
    ):
        for path in no_argument_paths(urlconf):
            if path.endswith(("deconectare/", "logout/")):
                continue  # would end the signed-in session the next pages need
            response = client.get(f"{path}?{POISONED}")
            assert response.status_code < 500, f"{path}: {response.status_code}"
            checked += 1
    assert checked > 40  # the walk really saw the portal, staff, console and API pages


def test_a_path_holding_a_control_character_is_a_bad_request(world):
    for path in ("/cerere/%00/", "/servicii/%01petitie/", "/birou/dosare/%00/"):
        response = world.resita.client().get(path)
        assert response.status_code == 400
        assert "Cererea nu a putut fi înțeleasă" in response.content.decode()


def test_a_session_cookie_holding_a_nul_is_no_session_not_a_server_error(world):
    client = world.resita.client()
    name = settings.SESSION_COOKIE_NAME
    client.cookies[name] = "placeholder"
    # Sent as the quoted octal escape a browser may send; Django unquotes it to a NUL.
    client.cookies[name].set(name, "\x00abcdefghijk", '"\\000abcdefghijk"')
    assert client.get("/birou/").status_code == 302
    assert client.get("/").status_code == 200


def test_form_fields_lose_their_control_characters_and_a_name_made_of_them_is_required(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    form = client.get("/servicii/petitie/cerere/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    data = {
        "version": version,
        "email": "ana@example.org",
        "address": "Str. Libertății 1",
        "content": "Prima linie\x00\r\na doua\x1b linie",
    }
    refused = client.post("/servicii/petitie/cerere/", {**data, "full_name": "\x00\x01\x7f"})
    assert refused.status_code == 200 and "obligatoriu" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(
            "/servicii/petitie/cerere/",
            {
                **data,
                "full_name": "Ana\x00 Pop",
                "attachments": SimpleUploadedFile("plan\x00\x08.pdf", b"%PDF-1.4\n%%EOF\n"),
            },
        )
    assert accepted.status_code == 302
    code = re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(accepted["Location"], {"cod": code}).status_code == 302
    with schema_context("resita_t"):
        case = Case.objects.get()
    assert case.citizen_name == "Ana Pop"
    assert case.answers["content"] == "Prima linie\na doua linie"
    assert [file["name"] for file in case.answers["attachments"]] == ["plan.pdf"]


@pytest.mark.parametrize(
    "query",
    [
        "limit=9223372036854775808",
        "offset=9223372036854775808",
        "limit=-1",
        "limit=0",
        "limit=abc",
        "offset=-5",
        "limit=1e3",
        "limit=" + "9" * 5000,
        "limit=١٢",  # Arabic-Indic digits: str.isdigit says yes, PostgreSQL would not
    ],
)
def test_out_of_range_or_malformed_pagination_is_a_400_with_a_stable_code(world, query):
    response = world.county_client().get(f"/api/v1/uat/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_pagination"
    assert "număr întreg" in body["detail"]["detail"]


def test_pagination_within_bounds_pages_the_directory(world):
    client = world.county_client()
    first = client.get("/api/v1/uat/?limit=1").json()
    second = client.get("/api/v1/uat/?limit=1&offset=1").json()
    assert first["count"] == 2 and len(first["results"]) == 1
    assert first["results"][0]["slug"] != second["results"][0]["slug"]
    assert client.get("/api/v1/uat/?offset=1000000").json()["results"] == []


def test_the_api_schema_lists_every_api_path(world):
    response = world.county_client().get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert {"/api/v1/uat/", "/api/v1/receipts/sms/", "/api/v1/receipts/ses/"} <= set(
        schema["paths"]
    )
    listing = schema["paths"]["/api/v1/uat/"]["get"]
    assert {parameter["name"] for parameter in listing["parameters"]} >= {"limit", "offset"}
    assert "post" in schema["paths"]["/api/v1/receipts/sms/"]
    as_json = world.county_client().get("/api/schema/?format=json")
    assert set(json.loads(as_json.content)["paths"]) == set(schema["paths"])


def test_a_receipt_posted_as_a_form_is_refused_not_a_server_error(world):
    client = world.county_client()
    for path in ("/api/v1/receipts/sms/", "/api/v1/receipts/ses/"):
        response = client.post(path, {"reference": "x", "file": SimpleUploadedFile("a", b"b")})
        assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"
