"""The case workflow: transitions, permissions, conflicts, notices and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from dms.cases import actions as case_actions
from dms.cases import selectors as case_selectors
from dms.cases.deadline_watch import deadlines_sweep
from dms.cases.workflow import WorkflowError
from dms.documents.files import CheckedFile
from dms.models import Case, CaseEvent, Document, RegistryEntry
from dms.registry.search import matching
from dms.tests.factories import office, register
from ghiseu.audit.models import AuditEvent
from ghiseu.notifications.models import Notification

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def resita(world):
    with schema_context("resita_t"):
        yield office(world)


def fresh(case: Case) -> Case:
    return Case.objects.select_related("entry").get(pk=case.pk)


def test_a_case_goes_from_registered_to_answered_with_events_audit_and_notices(resita):
    case = register()
    assert case.department == resita.urbanism and case.status == "registered"
    case = case_actions.case_assign(
        case_id=case.pk, user=resita.head, revision=case.revision, assignee=resita.clerk
    )
    case = case_actions.case_start(case_id=case.pk, user=resita.clerk, revision=case.revision)
    case = case_actions.case_answer(
        case_id=case.pk,
        user=resita.clerk,
        revision=case.revision,
        text="Groapa a fost reparată.",
        upload=None,
    )
    case = fresh(case)
    assert case.status == "answered" and case.closed_at is not None
    assert str(case.archive_file) == f"I-4/{case.closed_at.year}"  # filed by code and year
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["registered", "assigned", "started", "answered"]
    answer = Document.objects.get(case=case, kind="answer")
    outgoing = answer.entry
    assert outgoing.direction == "out" and outgoing.linked_entry_id == case.entry_id
    assert outgoing.number == case.entry.number + 1 and "Groapa a fost reparată" in answer.text
    actions = set(
        AuditEvent.objects.filter(object_id=str(case.pk)).values_list("action", flat=True)
    )
    assert {"case.assign", "case.start", "case.answer"} <= actions
    notices = Notification.objects.filter(kind="case.updated", recipient="ana@example.org")
    assert notices.count() == 2  # assigned and answered; starting work is no news
    assert Notification.objects.filter(kind="case.updated", channel="sms").count() == 1


def test_a_clerk_cannot_see_or_act_on_another_departments_case(resita):
    case = register(department="Taxe și impozite")
    assert case_selectors.case_get_for_staff(user=resita.clerk, pk=case.pk) is None
    assert case_selectors.case_get_for_staff(user=resita.other_clerk, pk=case.pk) is not None
    assert case_selectors.case_get_for_staff(user=resita.registrar, pk=case.pk) is not None
    with pytest.raises(WorkflowError) as refused:
        case_actions.case_assign(
            case_id=case.pk, user=resita.clerk, revision=None, assignee=resita.clerk
        )
    assert refused.value.code == "not_found"
    assert fresh(case).status == "registered"


def test_a_clerk_may_take_an_unassigned_case_of_the_department_but_not_give_it_away(resita):
    case = register()
    with pytest.raises(WorkflowError) as refused:
        case_actions.case_assign(
            case_id=case.pk, user=resita.clerk, revision=None, assignee=resita.head
        )
    assert refused.value.code == "forbidden"
    taken = case_actions.case_assign(
        case_id=case.pk, user=resita.clerk, revision=None, assignee=resita.clerk
    )
    assert taken.assignee == resita.clerk


def test_the_second_of_two_clerks_acting_on_the_same_page_gets_a_conflict(resita):
    case = register()
    seen = case.revision
    case_actions.case_assign(
        case_id=case.pk, user=resita.head, revision=seen, assignee=resita.clerk
    )
    with pytest.raises(WorkflowError) as refused:
        case_actions.case_file(case_id=case.pk, user=resita.head, revision=seen, reason="Anonimă")
    assert refused.value.code == "conflict"
    assert fresh(case).status == "assigned"


@pytest.mark.parametrize("action", ["start", "answer", "request_clarification"])
def test_an_out_of_order_transition_is_refused_and_changes_nothing(resita, action):
    case = register()
    calls = {
        "start": lambda: case_actions.case_start(case_id=case.pk, user=resita.admin, revision=None),
        "answer": lambda: case_actions.case_answer(
            case_id=case.pk, user=resita.admin, revision=None, text="Da", upload=None
        ),
        "request_clarification": lambda: case_actions.case_request_clarification(
            case_id=case.pk, user=resita.admin, revision=None, message="Actul?"
        ),
    }
    with pytest.raises(WorkflowError) as refused:
        calls[action]()
    assert refused.value.code == "invalid_transition"
    assert fresh(case).revision == case.revision and RegistryEntry.objects.count() == 1


def test_an_answer_needs_a_document_or_its_text(resita):
    case = register()
    case_actions.case_assign(
        case_id=case.pk, user=resita.head, revision=None, assignee=resita.clerk
    )
    with pytest.raises(WorkflowError) as refused:
        case_actions.case_answer(
            case_id=case.pk, user=resita.clerk, revision=None, text="  ", upload=None
        )
    assert refused.value.code == "missing_document"
    assert fresh(case).status == "assigned" and RegistryEntry.objects.count() == 1
    upload = CheckedFile(
        name="raspuns.pdf", content=PDF, content_type="application/pdf", extension="pdf"
    )
    case_actions.case_answer(
        case_id=case.pk, user=resita.clerk, revision=None, text="", upload=upload
    )
    assert Document.objects.get(kind="answer").name == "raspuns.pdf"


def test_the_term_is_extended_once_with_notice_to_the_citizen(resita):
    case = register(extension_days=15)
    before = case.due_date
    case_actions.case_assign(
        case_id=case.pk, user=resita.head, revision=None, assignee=resita.clerk
    )
    case_actions.case_extend(
        case_id=case.pk, user=resita.clerk, revision=None, reason="Verificare pe teren"
    )
    assert (fresh(case).due_date - before).days >= 15
    with pytest.raises(WorkflowError) as refused:
        case_actions.case_extend(
            case_id=case.pk, user=resita.clerk, revision=None, reason="Din nou"
        )
    assert refused.value.code == "already_extended"
    assert Notification.objects.filter(
        kind="case.updated", subject__contains="Termen prelungit"
    ).exists()


def test_a_service_without_extension_cannot_be_extended(resita):
    case = register(extension_days=0)
    with pytest.raises(WorkflowError) as refused:
        case_actions.case_extend(case_id=case.pk, user=resita.admin, revision=None, reason="x")
    assert refused.value.code == "not_extendable"


def test_clarification_goes_to_the_citizen_and_the_reply_resumes_the_work(resita):
    case = register()
    case_actions.case_assign(
        case_id=case.pk, user=resita.head, revision=None, assignee=resita.clerk
    )
    case_actions.case_request_clarification(
        case_id=case.pk, user=resita.clerk, revision=None, message="Trimiteți o fotografie."
    )
    assert fresh(case).status == "waiting"
    upload = CheckedFile(
        name="foto.pdf", content=PDF, content_type="application/pdf", extension="pdf"
    )
    case_actions.case_citizen_reply(case=fresh(case), message="Atașez fotografia.", files=[upload])
    case = fresh(case)
    assert case.status == "in_progress"
    assert Document.objects.get(case=case, kind="clarification").name == "foto.pdf"


def test_internal_notes_stay_internal_and_messages_reach_the_citizen(resita):
    case = register()
    case_actions.case_note(
        case_id=case.pk, user=resita.registrar, revision=None, text="Sună vecinul"
    )
    case_actions.case_message(
        case_id=case.pk, user=resita.admin, revision=None, text="Revenim curând."
    )
    visible = list(
        CaseEvent.objects.filter(case=case, visible_to_citizen=True).values_list("kind", flat=True)
    )
    assert "note" not in visible and "message" in visible
    assert not Notification.objects.filter(body_text__contains="Sună vecinul").exists()


def test_forwarding_to_another_department_hands_the_case_over(resita):
    case = register()
    case_actions.case_assign(
        case_id=case.pk, user=resita.head, revision=None, assignee=resita.clerk
    )
    case_actions.case_forward_department(
        case_id=case.pk, user=resita.clerk, revision=None, department=resita.taxes, note="E la taxe"
    )
    case = fresh(case)
    assert case.department == resita.taxes and case.assignee is None and case.status == "registered"
    assert case_selectors.case_get_for_staff(user=resita.clerk, pk=case.pk) is None


def test_search_ignores_diacritics_in_both_forms(resita):
    case = register(citizen_name="Ștefan Țurcanu", summary="Petiție: strada Școlii")
    entries = RegistryEntry.objects.all()
    for query in ("stefan turcanu", "Şcolii", "școlii", "scol", str(case.entry.number)):
        assert list(matching(entries, query)) == [case.entry], query
    assert list(matching(entries, "' & | ! :* (")) == list(entries)  # nothing to search for
    assert list(matching(entries, "inexistent")) == []


def test_reminders_before_the_term_and_escalation_after_it_are_sent_once(resita):
    case = register()
    case_actions.case_assign(
        case_id=case.pk, user=resita.head, revision=None, assignee=resita.clerk
    )
    due = fresh(case).due_date
    assert deadlines_sweep(today=date.fromordinal(due.toordinal() - 1)) == (1, 0)
    assert deadlines_sweep(today=date.fromordinal(due.toordinal() - 1)) == (0, 0)
    assert deadlines_sweep(today=date.fromordinal(due.toordinal() + 1)) == (0, 1)
    assert deadlines_sweep(today=date.fromordinal(due.toordinal() + 2)) == (0, 0)
    reminder = Notification.objects.get(kind="case.reminder")
    escalation = Notification.objects.get(kind="case.escalated")
    assert reminder.recipient == resita.clerk.email and escalation.recipient == resita.head.email


def test_an_answer_generated_for_a_name_with_emoji_is_stored_and_searchable(resita):
    # pypdf reads unmappable glyphs back as NUL, which PostgreSQL text refuses.
    case = register(citizen_name="Ana Pop 😀")
    case_actions.case_assign(
        case_id=case.pk, user=resita.head, revision=None, assignee=resita.clerk
    )
    case_actions.case_answer(
        case_id=case.pk, user=resita.clerk, revision=None, text="Vă răspundem 🚧.", upload=None
    )
    answer = Document.objects.get(case=case, kind="answer")
    assert "\x00" not in answer.text and "Vă răspundem" in answer.text


def test_a_pdf_pypdf_cannot_read_has_no_text_and_is_not_read_again(resita):
    from dms.documents import services as documents
    from dms.documents.files import CASES, file_store

    broken = PDF.replace(b"trailer<<", b"trailer 2<")
    stored = file_store(
        CheckedFile(name="x.pdf", content=broken, content_type="application/pdf", extension="pdf"),
        folder=CASES,
    )
    case = register()
    document = Document.objects.create(
        case=case,
        name="x.pdf",
        sha256=stored.sha256,
        content_type="application/pdf",
        size=stored.size,
        storage_key=stored.storage_key,
    )
    assert documents.document_index(document_id=document.pk) is True
    assert document.pk not in documents.documents_unindexed_ids()


@pytest.mark.parametrize("sparse_limit", [0, 2000])
def test_a_search_finds_the_same_cases_whichever_way_it_is_read(resita, monkeypatch, sparse_limit):
    from dms.registry import search as indexing

    monkeypatch.setattr(indexing, "SPARSE_MATCHES", sparse_limit)
    wanted = register(citizen_name="Ștefan Țurcanu")
    register(citizen_name="Ion Pop")
    for query in ("Şt. Ţurcanu", "turcanu", str(wanted.entry.number)):
        found = indexing.narrowed(
            Case.objects.all(), query, entry_field="entry_id", vector_field="entry__search_vector"
        )
        assert list(found) == [wanted], (query, sparse_limit)


LONG_REQUEST = (
    "Petiție: Bună ziua. Vă rog să verificați iluminatul public de pe strada Libertății, unde trei "
    "stâlpi "
    "nu mai funcționează de o lună, și să înlocuiți becurile arse înainte de sărbători, pentru "
    "că în serile acestea trecătorii nu mai văd trotuarul și copiii merg spre școală pe "
    "întuneric, iar "
    "mașinile trec foarte aproape de ei în dreptul blocului numărul doisprezece."
)


def _lines_with_heights(pdf: bytes) -> list[tuple[float, str]]:
    import io

    from pypdf import PdfReader

    lines: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):  # pypdf calls this for every run of text
        if text.strip():
            lines.append((round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 1), text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return lines


def test_the_answer_letter_quotes_whole_words_dates_its_number_once_and_keeps_paragraphs(
    resita,
):
    case = register(summary=LONG_REQUEST)
    assert case.entry.summary == LONG_REQUEST  # under 500 characters: kept whole
    case = case_actions.case_assign(
        case_id=case.pk, user=resita.head, revision=None, assignee=resita.clerk
    )
    case_actions.case_answer(
        case_id=case.pk,
        user=resita.clerk,
        revision=None,
        text="Stimată doamnă,\n\nAm înlocuit becurile.\n\n\nVă mulțumim.",
        upload=None,
    )
    letter = Document.objects.get(case=case, kind="answer")
    outgoing = letter.entry
    from django.core.files.storage import default_storage

    with default_storage.open(letter.storage_key, "rb") as handle:
        lines = _lines_with_heights(handle.read())
    text = " ".join(line for _y, line in lines)
    day = f"{outgoing.registered_at.astimezone():%d.%m.%Y}"
    assert f"Nr. {outgoing.number} din {day}" in text and f"/{day} din" not in text
    # The request is quoted up to a whole word ("… că în…"), never in half of one ("… în ser").
    assert f"{case.entry.display_number} — {LONG_REQUEST[: LONG_REQUEST.index(' serile')]}…" in text
    heights = {line: y for y, line in lines}
    gap = heights["Stimată doamnă,"] - heights["Am înlocuit becurile."]
    assert gap >= 2 * 13  # a blank line's height between the paragraphs, not a line break's


def test_a_summary_too_long_for_the_book_is_cut_between_words_with_an_ellipsis(resita):
    from dms.registry.entries import summary_of

    cut = summary_of(LONG_REQUEST, limit=200)
    assert len(cut) <= 200 and cut.endswith("…")
    assert LONG_REQUEST.startswith(cut[:-1]) and LONG_REQUEST[len(cut) - 1] == " "
    case = register(summary=LONG_REQUEST * 2)
    assert case.entry.summary.endswith("…") and len(case.entry.summary) <= 500
