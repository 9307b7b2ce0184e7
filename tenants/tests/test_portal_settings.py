"""A UAT administrator changes the portal's contacts, hours, languages, colours and arms."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from PIL import Image

from ghiseu.audit.models import AuditEvent
from tenants.models import UAT
from tests.world import PASSWORD

from .test_custom_domains import admin_client

pytestmark = pytest.mark.django_db


def form(**changes):
    data = {
        "address": "Piața 1 Decembrie 1918 nr. 1",
        "contact_email": "registratura@resita.example.org",
        "contact_phone": "0255 123 456",
        "opening_hours": "Luni–Vineri 8–16",
        "website": "https://www.primaria-resita.ro",
        "languages": ["ro", "en"],
        "primary_color": "#004080",
        "secondary_color": "#ffcc00",
    }
    data.update(changes)
    return data


def test_the_administrator_changes_contacts_and_colours_and_citizens_see_them(world):
    admin = admin_client(world.resita)
    response = admin.post("/birou/portal/", form(opening_hours="Luni–Joi 8–16, Vineri 8–14"))
    assert response.status_code == 302
    uat = UAT.objects.get(pk=world.resita.uat.pk)
    assert uat.primary_color == "#004080" and uat.opening_hours.startswith("Luni–Joi")
    home = world.resita.client().get("/").content.decode()
    assert "Luni–Joi 8–16, Vineri 8–14" in home
    theme = world.resita.client().get(f"/tema.css?v={uat.theme_version}").content.decode()
    assert "--color-primary:#004080" in theme
    with schema_context(world.resita.uat.schema_name):
        event = AuditEvent.objects.get(action="uat.profile_changed")
    assert event.data["primary_color"] == ["#9b1c1c", "#004080"]
    # Caransebeș keeps its own.
    assert UAT.objects.get(pk=world.caransebes.uat.pk).primary_color == "#14532d"


def test_the_settings_page_shows_each_colour_contrast(world):
    page = admin_client(world.resita).get("/birou/portal/").content.decode()
    assert "✓ AA" in page and "Contrastul culorilor" in page


def test_an_invalid_colour_or_phone_is_refused_and_nothing_changes(world):
    admin = admin_client(world.resita)
    response = admin.post("/birou/portal/", form(primary_color="red", contact_phone="abc"))
    assert response.status_code == 200
    uat = UAT.objects.get(pk=world.resita.uat.pk)
    assert uat.primary_color == "#9b1c1c"
    with schema_context(world.resita.uat.schema_name):
        assert not AuditEvent.objects.filter(action="uat.profile_changed").exists()


def test_romanian_stays_offered_whatever_is_unticked(world):
    admin_client(world.resita).post("/birou/portal/", form(languages=[]))
    assert UAT.objects.get(pk=world.resita.uat.pk).languages == "ro"
    page = world.resita.client().get("/").content.decode()
    assert 'value="en"' not in page


def test_a_coat_of_arms_that_is_not_an_image_is_refused(world):
    admin = admin_client(world.resita)
    fake = SimpleUploadedFile("stema.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = admin.post("/birou/portal/stema/", {"coat_of_arms": fake}, follow=True)
    assert "nu este o imagine" in response.content.decode()
    assert not UAT.objects.get(pk=world.resita.uat.pk).coat_of_arms


def test_a_new_coat_of_arms_is_served_on_the_portal(world):
    buffer = BytesIO()
    Image.new("RGB", (64, 64), "#004080").save(buffer, format="PNG")
    upload = SimpleUploadedFile("stema.png", buffer.getvalue(), content_type="image/png")
    admin_client(world.resita).post("/birou/portal/stema/", {"coat_of_arms": upload})
    served = world.resita.client().get("/stema")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    with schema_context(world.resita.uat.schema_name):
        assert AuditEvent.objects.filter(action="uat.coat_of_arms_changed").exists()


def test_only_the_uats_administrator_opens_its_settings(world):
    clerk = world.resita.client()
    clerk.post(
        "/birou/autentificare/", {"username": world.resita.clerk_email, "password": PASSWORD}
    )
    assert clerk.get("/birou/portal/").status_code == 403
    assert clerk.post("/birou/portal/", form()).status_code == 403
    assert world.county_client().get("/birou/portal/").status_code == 404
