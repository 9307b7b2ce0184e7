"""The citizen's tracking page follows the case: clarification asked and answered with
documents, the answer to download; never the staff's internal documents."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from dms.cases import actions as case_actions
from dms.documents.files import CheckedFile
from dms.documents.services import document_add
from dms.models import Case, Document
from dms.tests.factories import office, register

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def waiting_case(world):
    with schema_context("resita_t"):
        staff = office(world)
        case = register()
        case_actions.case_assign(
            case_id=case.pk, user=staff.head, revision=None, assignee=staff.clerk
        )
        case_actions.case_request_clarification(
            case_id=case.pk, user=staff.clerk, revision=None, message="Trimiteți schița terenului."
        )
    return case, staff


def test_the_citizen_answers_a_clarification_with_a_document(world, waiting_case):
    case, _staff = waiting_case
    client = world.resita.client()
    page = client.get(f"/cerere/{case.tracking_token}/").content.decode()
    assert "Trimiteți schița terenului." in page and 'name="documents"' in page
    upload = SimpleUploadedFile("schita.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/cerere/{case.tracking_token}/", {"message": "Atașez schița.", "documents": [upload]}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Am primit completările" in page and "schita.pdf" in page
    with schema_context("resita_t"):
        assert Case.objects.get(pk=case.pk).status == "in_progress"
        document = Document.objects.get(kind="clarification")
    download = client.get(f"/cerere/{case.tracking_token}/documente/{document.pk}/")
    assert b"".join(download.streaming_content) == PDF
    again = client.post(f"/cerere/{case.tracking_token}/", {"message": "Încă ceva"}, follow=True)
    assert "nu mai așteaptă completări" in again.content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"message": "  "}, "Scrieți un răspuns sau atașați un document"),
        (
            {"documents": [SimpleUploadedFile("x.pdf", b"MZ\x90 program")]},
            "nu este un document acceptat",
        ),
    ],
)
def test_an_empty_or_bad_reply_is_refused_and_the_case_keeps_waiting(
    world, waiting_case, data, error
):
    case, _staff = waiting_case
    response = world.resita.client().post(f"/cerere/{case.tracking_token}/", data)
    assert response.status_code == 200 and error in response.content.decode()
    with schema_context("resita_t"):
        assert Case.objects.get(pk=case.pk).status == "waiting"


def test_the_answer_is_downloadable_and_internal_documents_are_not(world, waiting_case):
    case, staff = waiting_case
    with schema_context("resita_t"):
        internal = document_add(
            checked=CheckedFile(
                name="referat.pdf",
                content=PDF + b"%i",
                content_type="application/pdf",
                extension="pdf",
            ),
            kind="internal",
            user=staff.clerk,
            case=Case.objects.get(pk=case.pk),
            visible_to_citizen=False,
        )
        case_actions.case_answer(
            case_id=case.pk, user=staff.clerk, revision=None, text="Aprobat.", upload=None
        )
        answer = Document.objects.get(kind="answer")
    client = world.resita.client()
    page = client.get(f"/cerere/{case.tracking_token}/").content.decode()
    assert "Răspunsul instituției" in page and answer.name in page and "referat.pdf" not in page
    download = client.get(f"/cerere/{case.tracking_token}/documente/{answer.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert client.get(f"/cerere/{case.tracking_token}/documente/{internal.pk}/").status_code == 404
    assert (
        world.caransebes.client()
        .get(f"/cerere/{case.tracking_token}/documente/{answer.pk}/")
        .status_code
        == 404
    )
