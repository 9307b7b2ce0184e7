"""The staff inbox: who sees what, filters, search, deadlines highlighted, bounded queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from dms.cases import actions as case_actions
from dms.models import Case
from dms.tests.factories import PASSWORD, office, register
from ghiseu.accounts.models import User

pytestmark = pytest.mark.django_db
INBOX = "/birou/dosare/"


@pytest.fixture
def resita(world):
    with schema_context("resita_t"):
        yield office(world)


class StaffClient(Client):
    """A test client that gives the connection back in the schema the test was using (a
    request leaves it on the public schema)."""

    def request(self, **request):
        schema = connection.schema_name
        try:
            return super().request(**request)
        finally:
            if connection.schema_name != schema:
                connection.set_schema(schema)


def signed_in(world, user, portal="resita"):
    client = StaffClient(HTTP_HOST=getattr(world, portal).host)
    response = client.post("/birou/autentificare/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, "sign-in failed"
    return client


def page(client, path=INBOX, **params):
    """The inbox's rows (the filters' labels would match too)."""
    response = client.get(path, params)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<tbody>") :] if "<tbody>" in html else html


def due_in(case: Case, days: int) -> None:
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() + timedelta(days=days))


def test_anonymous_visitors_are_sent_to_sign_in(world):
    response = StaffClient(HTTP_HOST=world.resita.host).get(INBOX + "?status=all")
    assert response.status_code == 302
    assert response["Location"].startswith("/birou/autentificare/?next=")


def test_a_user_without_a_staff_role_gets_403(world, resita):
    outsider = User.objects.create_user("judet@resita-t.example.org", PASSWORD, role="county_admin")
    assert signed_in(world, outsider).get(INBOX).status_code == 403


def test_the_county_site_has_no_inbox(world):
    assert world.county_client().get(INBOX).status_code == 404


def test_a_clerk_sees_the_cases_of_the_department_only_and_the_registrar_all(world, resita):
    mine = register(summary="Petiție: groapă")
    theirs = register(department="Taxe și impozite", summary="Petiție: impozit greșit")
    clerk = page(signed_in(world, resita.clerk))
    assert mine.entry.display_number in clerk and "groapă" in clerk
    assert "impozit greșit" not in clerk
    registrar = page(signed_in(world, resita.registrar))
    assert "groapă" in registrar and "impozit greșit" in registrar
    assert theirs.entry.display_number in registrar


def test_the_other_uat_sees_none_of_these_cases(world, resita):
    register(summary="Petiție: groapă la Reșița")
    with schema_context("caransebes_t"):
        admin = User.objects.get(email=world.caransebes.admin_email)
    other = page(signed_in(world, admin, portal="caransebes"))
    assert "groapă la Reșița" not in other


def test_the_inbox_runs_a_bounded_number_of_queries(world, resita, django_assert_max_num_queries):
    client = signed_in(world, resita.clerk)
    for n in range(5):
        register(summary=f"Petiție {n}")
    page(client)  # the list of services is cached after the first visit
    with django_assert_max_num_queries(10) as five:
        assert page(client).count('<th scope="row">') == 5
    for n in range(45):
        register(summary=f"Petiție {n + 5}")
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert page(client).count('<th scope="row">') == 50


def test_rows_are_sorted_by_due_date_and_deadlines_are_flagged_in_words(world, resita):
    late, soon, later = register(summary="târzie"), register(summary="curând"), register()
    due_in(late, -2)
    due_in(soon, 1)
    due_in(later, 25)
    html = page(signed_in(world, resita.clerk))
    assert html.index("târzie") < html.index("curând") < html.index(later.entry.display_number)
    assert html.count("Termen depășit") == 1 and html.count("Termen apropiat") == 1
    assert 'class="row--overdue"' in html and 'class="row--due-soon"' in html


def test_filters_by_due_assignee_status_department_and_service(world, resita):
    late = register(summary="târzie")
    due_in(late, -1)
    soon = register(summary="curând")
    due_in(soon, 1)
    taken = register(summary="preluată", service_code="sesizare")
    case_actions.case_assign(
        case_id=taken.pk, user=resita.clerk, revision=None, assignee=resita.clerk
    )
    closed = register(summary="clasată")
    case_actions.case_file(case_id=closed.pk, user=resita.admin, revision=None, reason="Anonimă")
    client = signed_in(world, resita.head)

    overdue = page(client, due="overdue")
    assert "târzie" in overdue and "curând" not in overdue
    assert "curând" in page(client, due="soon") and "târzie" not in page(client, due="soon")
    mine = page(signed_in(world, resita.clerk), assignee="mine")
    assert "preluată" in mine and "târzie" not in mine
    assert "preluată" not in page(client, assignee="unassigned")
    assert "clasată" not in page(client) and "clasată" in page(client, status="filed")
    assert "clasată" in page(client, status="all")
    assert "preluată" in page(client, service="sesizare")
    assert "târzie" not in page(client, service="sesizare")
    registrar = signed_in(world, resita.registrar)
    taxes = register(department="Taxe și impozite", summary="la taxe")
    assert "la taxe" in page(registrar, department=str(resita.taxes.pk))
    assert "târzie" not in page(registrar, department=str(resita.taxes.pk))
    assert taxes.entry.display_number in page(registrar)


def test_a_hand_edited_filter_is_ignored_not_a_500(world, resita):
    register(summary="groapă")
    client = signed_in(world, resita.registrar)
    for params in (
        {"department": "abc"},
        {"department": "99999999999999999999"},
        {"status": "<script>"},
        {"service": "x" * 500},
        {"dupa": "2026-13-45.x"},
        {"dupa": "2026-01-01.99999999999999"},
    ):
        assert "groapă" in page(client, **params), params


def test_search_ignores_diacritics_in_comma_and_cedilla_forms(world, resita):
    register(citizen_name="Ștefan Țurcanu", summary="Petiție: strada Școlii")
    register(citizen_name="Ion Ion", summary="Petiție: iluminat", answers={"content": "Becuri"})
    client = signed_in(world, resita.clerk)
    for query in ("stefan turcanu", "Şcolii", "Școlii", "ŢURCANU", "scol"):
        html = page(client, q=query)
        assert "strada Școlii" in html and "iluminat" not in html, query


def test_a_malformed_search_query_never_errors(world, resita):
    register(summary="groapă")
    client = signed_in(world, resita.clerk)
    for query in ("' & | ! :* (", "\\", "a:*b&!(", "%", "x" * 300, "ă" * 199):
        response = client.get(INBOX, {"q": query})
        assert response.status_code == 200, query
    assert "groapă" not in page(client, q="inexistent")


def first_number(html: str) -> str:
    return re.search(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html).group(1)


def test_the_number_read_out_and_the_address_given_find_the_request_first(world, resita):
    cases = [
        register(summary=f"Sesizare din 21 noiembrie, a {n}-a", citizen_email=f"c{n}@example.org")
        for n in range(21)
    ]
    wanted = cases[-1]
    assert wanted.entry.number == 21
    for other in cases[:3]:  # later terms would list them after 21, earlier ones before it
        due_in(other, -5)
    printed = wanted.entry.display_number  # "21/01.12.2026"
    client = signed_in(world, resita.registrar)
    for query in (printed, "21", f"nr. 21/{wanted.entry.year}", " 21 "):
        html = page(client, q=query)
        assert first_number(html) == printed, query
        assert "potrivire exactă" in html
    address = page(client, q="C20@Example.org")
    assert first_number(address) == printed and address.count('<th scope="row">') == 1
    closed = register(summary="închisă", citizen_email="inchis@example.org")
    case_actions.case_file(case_id=closed.pk, user=resita.admin, revision=None, reason="Anonimă")
    assert first_number(page(client, q=closed.entry.display_number)) == closed.entry.display_number
    clerk_sees = page(signed_in(world, resita.other_clerk), q=printed)  # not her department
    assert printed not in clerk_sees


def test_the_inbox_never_shows_a_cnp(world, resita):
    register(answers={"cnp": "1960523460019", "content": "Groapă"}, summary="Petiție: groapă")
    html = page(signed_in(world, resita.registrar))
    assert "1960523460019" not in html and "groapă" in html


def test_pages_follow_one_another_without_repeating_a_case(world, resita):
    for n in range(55):
        register(summary=f"cererea-{n:02d}")
    client = signed_in(world, resita.registrar)
    first = page(client)
    assert first.count("cererea-") == 50 and "Pagina următoare" in first
    next_link = re.search(r'href="(\?[^"]*dupa=[^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(INBOX + next_link).content.decode()
    assert second.count("cererea-") == 5 and "Prima pagină" in second
    seen = set(re.findall(r"cererea-\d\d", first)) | set(re.findall(r"cererea-\d\d", second))
    assert len(seen) == 55


def test_a_service_new_to_this_uat_appears_in_the_filter_at_once(
    world, django_capture_on_commit_callbacks
):
    from django_tenants.utils import schema_context

    from dms.cases import selectors as selectors_inbox
    from dms.tests.factories import register

    with schema_context("resita_t"):
        register(service_code="petitie", service_title="Petiție")
        assert ("petitie", "Petiție") in selectors_inbox.inbox_service_codes()  # now cached
        with django_capture_on_commit_callbacks(execute=True):
            register(service_code="audienta", service_title="Cerere de audiență")
        assert ("audienta", "Cerere de audiență") in selectors_inbox.inbox_service_codes()
