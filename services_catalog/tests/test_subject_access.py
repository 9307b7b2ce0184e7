"""A citizen who proves their e-mail downloads everything the UAT holds about them, and
nothing about anyone else or from another UAT."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import asdict

import pytest
from django_tenants.utils import schema_context

from dms.documents.files import CheckedFile, file_store, pending_folder
from dms.tests.factories import register
from ghiseu.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n% ana\n"


def proven(client, mailoutbox, django_capture_on_commit_callbacks, email):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cererile-mele/", {"step": "email", "email": email})
    code = re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)
    assert client.post("/cererile-mele/", {"step": "code", "cod": code}).status_code == 302
    return client


def test_the_archive_holds_this_citizens_data_and_no_one_elses(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with schema_context("resita_t"):
        stored = file_store(
            CheckedFile(
                name="plan.pdf", content=PDF, content_type="application/pdf", extension="pdf"
            ),
            folder=pending_folder(),
        )
        ana = register(
            citizen_name="Ana Pop",
            citizen_email="ana@example.org",
            answers={"content": "Groapă pe strada Școlii"},
            documents=(asdict(stored),),
        )
        register(citizen_name="Ion Vecin", citizen_email="ion@example.org", summary="Altă petiție")
    with schema_context("caransebes_t"):
        register(citizen_name="Ana Pop", citizen_email="ana@example.org", summary="La Caransebeș")
    client = proven(
        world.resita.client(), mailoutbox, django_capture_on_commit_callbacks, "Ana@Example.org"
    )
    assert "Descarcă datele mele" in client.get("/cererile-mele/").content.decode()
    response = client.get("/cererile-mele/datele-mele.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    index = archive.read("index.html").decode()
    data = json.loads(archive.read("date.json"))
    assert ana.entry.display_number in index and "Groapă pe strada Școlii" in index
    assert "Ion Vecin" not in index and "La Caransebeș" not in index
    assert [r["number"] for r in data["requests"]] == [ana.entry.display_number]
    assert len(data["requests"]) == 1  # Caransebeș's request of the same address is not here
    document = data["requests"][0]["documents"][0]
    assert archive.read(document["file"]) == PDF
    assert data["institution"] == "Municipiul Reșița"
    with schema_context("resita_t"):
        logged = AuditEvent.objects.get(action="gdpr.access_exported")
    assert logged.object_id == "ana@example.org" and logged.data["cases"] == 1
    with schema_context("caransebes_t"):
        assert not AuditEvent.objects.filter(action="gdpr.access_exported").exists()


def test_without_a_proven_address_there_is_no_archive(world):
    response = world.resita.client().get("/cererile-mele/datele-mele.zip")
    assert response.status_code == 302 and response["Location"] == "/cererile-mele/"
    with schema_context("resita_t"):
        assert not AuditEvent.objects.filter(action="gdpr.access_exported").exists()


def test_a_proof_made_on_one_portal_opens_nothing_on_another(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from django.conf import settings

    resita = proven(
        world.resita.client(), mailoutbox, django_capture_on_commit_callbacks, "ana@example.org"
    )
    other = world.caransebes.client()
    other.cookies[settings.SESSION_COOKIE_NAME] = resita.cookies[settings.SESSION_COOKIE_NAME].value
    assert other.get("/cererile-mele/datele-mele.zip").status_code == 302
