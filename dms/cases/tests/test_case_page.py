"""The staff case page: facts, masked CNP, documents behind an authorization check, the history,
and every action through its form, with conflicts and bad input shown, never a 500."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from dms.cases import actions as case_actions
from dms.cases.tests.test_inbox import signed_in
from dms.documents import views as views_documents
from dms.documents.files import CheckedFile
from dms.documents.services import document_add
from dms.models import Case, CaseEvent, Document, RegistryEntry
from dms.tests.factories import office, register
from ghiseu.notifications.models import Notification

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def resita(world):
    with schema_context("resita_t"):
        yield office(world)


def url(case, action=""):
    base = f"/birou/dosare/{case.pk}/"
    return f"{base}actiuni/{action}/" if action else base


def fresh(case: Case) -> Case:
    return Case.objects.select_related("entry").get(pk=case.pk)


def act(client, case, action, revision=None, **fields):
    """POST an action form as the page would (its fields carry the action's prefix)."""
    data = {f"{action}-revision": fresh(case).revision if revision is None else revision}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(url(case, action), data)


def followed(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"]).content.decode()


def attach(case, content=PDF, name="anexa.pdf", kind="attachment", content_type=None):
    checked = CheckedFile(
        name=name,
        content=content,
        content_type=content_type or "application/pdf",
        extension=name.rsplit(".", 1)[-1],
    )
    return document_add(checked=checked, kind=kind, user=None, case=case)


def assigned(resita, **overrides):
    case = register(**overrides)
    return case_actions.case_assign(
        case_id=case.pk, user=resita.head, revision=None, assignee=resita.clerk
    )


# What the page shows -------------------------------------------------------------------------


def test_the_page_shows_facts_contact_answers_with_the_cnp_masked_and_the_history(world, resita):
    case = register(
        answers={"cnp": "1960523460019", "content": "Groapă pe strada Școlii"},
        answer_labels={"content": {"ro": "Conținutul petiției", "en": "Petition"}},
        summary="Petiție: groapă",
    )
    case_actions.case_note(case_id=case.pk, user=resita.registrar, revision=None, text="Sună-l")
    html = signed_in(world, resita.clerk).get(url(case)).content.decode()
    assert case.entry.display_number in html and "Petiție: groapă" in html
    assert "ana@example.org" in html and "+40722123456" in html and "Ana Pop" in html
    assert "1960523460019" not in html and "•••••••••0019" in html
    assert "Groapă pe strada Școlii" in html and "<dt>Conținutul petiției</dt>" in html
    assert "Notă internă" in html and "Sună-l" in html and ">intern<" in html


def test_documents_show_versions_and_signature_status(world, resita):
    case = assigned(resita)
    answer = attach(case, name="raspuns.pdf", kind="answer")
    Document.objects.filter(pk=answer.pk).update(
        signature_status="valid", signature_detail={"signatures": [{"signer": "Maria Ionescu"}]}
    )
    client = signed_in(world, resita.clerk)
    assert (
        "semnătură electronică validă: <bdi>Maria Ionescu</bdi>"
        in client.get(url(case)).content.decode()
    )
    upload = SimpleUploadedFile("raspuns-v2.pdf", PDF + b"%v2\n")
    response = client.post(
        f"/birou/dosare/{case.pk}/documente/{answer.pk}/versiune-noua/",
        {f"v{answer.pk}-revision": fresh(case).revision, f"v{answer.pk}-document": upload},
    )
    html = followed(client, response)
    assert "raspuns-v2.pdf" in html and "versiunea 2" in html and "Versiuni anterioare" in html
    latest = Document.objects.get(previous_version=answer)
    assert latest.version == 2
    assert "versiunea 1: <bdi>raspuns.pdf</bdi></a> (" in html


def test_the_staff_history_names_a_new_document_version_in_words(world, resita):
    case = assigned(resita)
    answer = attach(case, name="raspuns.pdf", kind="answer")
    client = signed_in(world, resita.clerk)
    client.post(
        f"/birou/dosare/{case.pk}/documente/{answer.pk}/versiune-noua/",
        {
            f"v{answer.pk}-revision": fresh(case).revision,
            f"v{answer.pk}-document": SimpleUploadedFile("raspuns-v2.pdf", PDF + b"%v2\n"),
        },
    )
    history = client.get(url(case)).content.decode()
    assert "Versiune nouă a unui document" in history
    assert "document_versioned" not in history


def test_every_action_the_page_offers_is_a_declared_transition_and_the_service_agrees(resita):
    from dms.cases.views import ACTIONS
    from dms.cases.workflow import TRANSITIONS, WorkflowError, allowed_actions

    assert {action.transition for action in ACTIONS.values()} <= set(TRANSITIONS)
    case = register()
    # A clerk of the department may take it, not yet answer it; what the page does not offer,
    # the service refuses.
    assert allowed_actions(resita.registrar, case) >= {"assign", "note", "file"}
    assert "take" in allowed_actions(resita.clerk, case)
    assert "answer" not in allowed_actions(resita.clerk, case)
    with pytest.raises(WorkflowError):
        case_actions.case_message(case_id=case.pk, user=resita.clerk, revision=None, text="x")


# Who may see what ----------------------------------------------------------------------------


def test_a_clerk_of_another_department_gets_404_on_the_case_and_its_documents(world, resita):
    case = register()
    document = attach(case)
    other = signed_in(world, resita.other_clerk)
    assert other.get(url(case)).status_code == 404
    assert other.get(f"/birou/dosare/{case.pk}/documente/{document.pk}/").status_code == 404
    assert (
        other.get(f"/birou/dosare/{case.pk}/documente/{document.pk}/previzualizare/").status_code
        == 404
    )
    assert act(other, case, "note", text="x").status_code == 404
    assert fresh(case).revision == case.revision


def test_registrar_admin_and_head_see_the_case_and_the_clerks_own_department_too(world, resita):
    case = register()
    for user in (resita.registrar, resita.admin, resita.head, resita.clerk):
        assert signed_in(world, user).get(url(case)).status_code == 200, user.email
    assert signed_in(world, resita.tax_head).get(url(case)).status_code == 404


def test_a_case_id_of_caransebes_is_404_at_resita(world, resita):
    with schema_context("caransebes_t"):
        foreign = register(tracking_url_template="http://caransebes-t.localhost/cerere/{token}/")
    assert not Case.objects.filter(pk=foreign.pk).exists()
    assert signed_in(world, resita.registrar).get(url(foreign)).status_code == 404


def test_a_document_must_belong_to_the_case_in_the_url(world, resita):
    mine, theirs = register(), register(department="Taxe și impozite")
    document = attach(theirs)
    client = signed_in(world, resita.clerk)
    assert client.get(f"/birou/dosare/{mine.pk}/documente/{document.pk}/").status_code == 404
    huge = "/birou/dosare/99999999999999999999/documente/1/"
    assert client.get(huge).status_code == 404


def test_a_document_downloads_and_previews_for_staff_who_see_the_case(world, resita):
    case = register()
    pdf, png = attach(case), attach(case, PNG, "poza.png", content_type="image/png")
    client = signed_in(world, resita.clerk)
    download = client.get(f"/birou/dosare/{case.pk}/documente/{pdf.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"] == "private, no-store"
    preview = client.get(f"/birou/dosare/{case.pk}/documente/{png.pk}/previzualizare/")
    assert preview.status_code == 200 and preview["Content-Type"] == "image/png"
    assert preview["Content-Disposition"].startswith("inline")


def test_on_s3_a_download_is_a_short_lived_presigned_redirect(world, resita, monkeypatch):
    case = register()
    document = attach(case)

    class Presigning:
        querystring_auth = True

        def url(self, key, parameters=None):
            self.asked = (key, parameters)
            return f"https://bucket.s3.example.org/{key}?X-Amz-Expires=300&X-Amz-Signature=abc"

    storage = Presigning()
    monkeypatch.setattr(views_documents, "default_storage", storage)
    response = signed_in(world, resita.clerk).get(
        f"/birou/dosare/{case.pk}/documente/{document.pk}/"
    )
    assert response.status_code == 302 and "X-Amz-Expires=300" in response["Location"]
    key, parameters = storage.asked
    assert key == document.storage_key
    assert parameters["ResponseContentDisposition"].startswith("attachment")


# Actions through the page --------------------------------------------------------------------


def test_a_clerk_takes_starts_and_answers_by_writing_the_text(world, resita):
    case = register()
    client = signed_in(world, resita.clerk)
    page = client.get(url(case)).content.decode()
    assert "Preiau cererea" in page and 'name="take-revision"' in page
    html = followed(client, act(client, case, "take"))
    assert "Ați preluat cererea." in html and fresh(case).assignee == resita.clerk
    assert "Încep lucrul" in html
    followed(client, act(client, case, "start"))
    assert fresh(case).status == "in_progress"
    html = followed(client, act(client, case, "answer", text="Groapa a fost reparată."))
    assert "Răspunsul a fost înregistrat" in html
    case = fresh(case)
    assert case.status == "answered"
    answer = Document.objects.get(case=case, kind="answer")
    assert answer.content_type == "application/pdf" and "Groapa a fost reparată" in answer.text
    assert answer.name in html and 'name="answer-revision"' not in html


def test_an_answer_can_be_an_uploaded_document_sniffed_from_its_content(world, resita):
    case = assigned(resita)
    client = signed_in(world, resita.clerk)
    fake = SimpleUploadedFile("raspuns.pdf", b"MZ not a pdf")
    response = client.post(
        url(case, "answer"),
        {"answer-revision": fresh(case).revision, "answer-document": fake},
    )
    assert (
        response.status_code == 200 and "nu este un document acceptat" in response.content.decode()
    )
    assert fresh(case).status == "assigned"
    upload = SimpleUploadedFile("raspuns.pdf", PDF)
    followed(
        client,
        client.post(
            url(case, "answer"),
            {"answer-revision": fresh(case).revision, "answer-document": upload},
        ),
    )
    assert Document.objects.get(case=case, kind="answer").name == "raspuns.pdf"


def test_an_answer_without_a_document_or_text_is_refused_and_changes_nothing(world, resita):
    case = assigned(resita)
    client = signed_in(world, resita.clerk)
    response = act(client, case, "answer", text="   ")
    html = response.content.decode()
    assert response.status_code == 200 and "Un răspuns are nevoie de un document" in html
    assert '<details class="action" open>' in html
    assert fresh(case).status == "assigned" and RegistryEntry.objects.count() == 1


def test_clarification_message_note_and_extension_through_the_page(world, resita):
    case = assigned(resita, extension_days=15)
    client = signed_in(world, resita.clerk)
    due = fresh(case).due_date
    followed(client, act(client, case, "message", text="Revenim curând."))
    followed(client, act(client, case, "note", text="De verificat pe teren"))
    html = followed(client, act(client, case, "extend", reason="Verificare pe teren"))
    assert "Termenul a fost prelungit." in html and fresh(case).due_date > due
    assert 'name="extend-revision"' not in html  # once only
    again = followed(client, act(client, case, "extend", reason="Din nou"))
    assert "Termenul a fost deja prelungit o dată." in again
    followed(client, act(client, case, "clarify", message="Trimiteți o fotografie."))
    assert fresh(case).status == "waiting"
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds[-4:] == ["message", "note", "extended", "clarification_requested"]
    assert not Notification.objects.filter(body_text__contains="De verificat").exists()


def test_a_service_without_extension_shows_no_extension_form(world, resita):
    case = assigned(resita, extension_days=0)
    html = signed_in(world, resita.clerk).get(url(case)).content.decode()
    assert 'name="extend-revision"' not in html and 'name="answer-revision"' in html


def test_the_head_assigns_and_the_registrar_moves_a_case_to_another_department(world, resita):
    case = register()
    head = signed_in(world, resita.head)
    page = head.get(url(case)).content.decode()
    assert f'value="{resita.urbanism.pk}:{resita.clerk.pk}"' in page
    assert f"{resita.taxes.pk}:{resita.other_clerk.pk}" not in page  # not the head's department
    followed(head, act(head, case, "assign", assignee=f"{resita.urbanism.pk}:{resita.clerk.pk}"))
    assert fresh(case).assignee == resita.clerk
    registrar = signed_in(world, resita.registrar)
    choice = f"{resita.taxes.pk}:{resita.other_clerk.pk}"
    followed(registrar, act(registrar, case, "assign", assignee=choice))
    case = fresh(case)
    assert case.department == resita.taxes and case.assignee == resita.other_clerk


def test_forwarding_to_another_department_leaves_the_clerk_at_the_inbox(world, resita):
    case = assigned(resita)
    client = signed_in(world, resita.clerk)
    response = act(client, case, "forward-department", department=resita.taxes.pk, note="E la taxe")
    assert response.status_code == 302 and response["Location"] == "/birou/dosare/"
    assert fresh(case).department == resita.taxes


def test_reject_and_file_through_the_page(world, resita):
    rejected, filed = assigned(resita), register()
    clerk = signed_in(world, resita.clerk)
    followed(clerk, act(clerk, rejected, "reject", text="Nu este de competența noastră."))
    assert fresh(rejected).status == "rejected"
    registrar = signed_in(world, resita.registrar)
    followed(registrar, act(registrar, filed, "file", reason="Petiție anonimă"))
    assert fresh(filed).status == "filed"


def test_forwarding_to_another_institution_is_offered_with_the_other_uats(world, resita):
    case = assigned(resita)
    html = signed_in(world, resita.clerk).get(url(case)).content.decode()
    assert 'name="forward-external-revision"' in html
    assert "Municipiul Caransebeș" in html
    options = re.findall(r'<option value="([^"]*)"', html[html.index("forward-external-target") :])
    assert "resita-t" not in options


def test_the_second_of_two_clerks_posting_the_same_revision_gets_a_conflict(world, resita):
    case = register()
    seen = case.revision
    head, registrar = signed_in(world, resita.head), signed_in(world, resita.registrar)
    followed(
        head,
        act(head, case, "assign", seen, assignee=f"{resita.urbanism.pk}:{resita.clerk.pk}"),
    )
    html = followed(registrar, act(registrar, case, "file", seen, reason="Anonimă"))
    assert "modificată între timp de altcineva" in html and "starea actuală" in html
    assert "repartizată" in html and fresh(case).status == "assigned"


@pytest.mark.parametrize(
    "action, fields",
    [
        ("note", {"revision": "abc", "text": "x"}),
        ("note", {"revision": "99999999999999999999", "text": "x"}),
        ("note", {"text": "x"}),
        ("note", {"revision": "1"}),
        ("assign", {"revision": "1", "assignee": "999:999"}),
        ("assign", {"revision": "1", "assignee": "nonsense"}),
        ("forward-department", {"revision": "1", "department": "999999"}),
        ("forward-department", {"revision": "1", "department": "x"}),
        ("extend", {"revision": "1", "reason": ""}),
        ("answer", {"revision": "1", "text": "x" * 10_001}),
        ("forward-external", {"revision": "1", "target_uat": "nu-exista"}),
    ],
)
def test_bad_input_is_refused_without_a_500_and_changes_nothing(world, resita, action, fields):
    case = register()
    client = signed_in(world, resita.registrar)
    response = client.post(url(case, action), {f"{action}-{k}": v for k, v in fields.items()})
    assert response.status_code in (200, 302)
    assert fresh(case).revision == case.revision
    html = response.content.decode() if response.status_code == 200 else followed(client, response)
    assert "errorlist" in html or 'class="message message--error"' in html


def test_unknown_actions_and_methods_are_refused(world, resita):
    case = register()
    client = signed_in(world, resita.registrar)
    assert client.post(url(case, "destroy"), {}).status_code == 404
    assert client.get(url(case, "note")).status_code == 405
    assert client.post("/birou/dosare/999999/actiuni/note/", {}).status_code == 404


def test_a_stale_page_cannot_upload_a_new_version(world, resita):
    case = assigned(resita)
    answer = attach(case, name="raspuns.pdf", kind="answer")
    client = signed_in(world, resita.clerk)
    stale = fresh(case).revision
    case_actions.case_note(case_id=case.pk, user=resita.head, revision=None, text="Între timp")
    upload = SimpleUploadedFile("v2.pdf", io.BytesIO(PDF + b"%2").getvalue())
    html = followed(
        client,
        client.post(
            f"/birou/dosare/{case.pk}/documente/{answer.pk}/versiune-noua/",
            {f"v{answer.pk}-revision": stale, f"v{answer.pk}-document": upload},
        ),
    )
    assert "modificată între timp" in html
    assert not Document.objects.filter(previous_version=answer).exists()


def test_the_case_page_runs_a_bounded_number_of_queries(
    world, resita, django_assert_max_num_queries
):
    case = assigned(resita)
    attach(case)
    client = signed_in(world, resita.clerk)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url(case)).status_code == 200
    for n in range(10):
        attach(case, PDF + b"%" + str(n).encode(), f"anexa-{n}.pdf")
        case_actions.case_note(case_id=case.pk, user=resita.head, revision=None, text=f"n{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url(case)).content.decode()
    assert html.count("anexa-") >= 10 and html.count(">intern<") == 10


def test_the_answer_of_a_closed_case_gets_no_new_version(world, resita):
    case = assigned(resita)
    client = signed_in(world, resita.clerk)
    act(client, case, "answer", text="Răspuns.")
    answer = Document.objects.get(case=case, kind="answer")
    response = client.post(
        f"{url(case)}documente/{answer.pk}/versiune-noua/",
        {
            f"v{answer.pk}-revision": fresh(case).revision,
            f"v{answer.pk}-document": SimpleUploadedFile("alt.pdf", PDF + b"%x\n"),
        },
        follow=True,
    )
    assert "nu mai primesc versiuni" in response.content.decode()
    assert not Document.objects.filter(previous_version=answer).exists()
