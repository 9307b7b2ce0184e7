"""Reads on cases: what the staff may see (the inbox, a case page) and what the citizen sees
through the unguessable tracking token.

Every staff read starts from ``cases_visible_to`` so a clerk never reads another department's
case, and every list is fetched in a fixed number of queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from dms import permissions
from dms.cases.deadline_watch import remind_until
from dms.cases.workflow import OPEN
from dms.models import Case, CaseEvent, Department, Document
from dms.registry.search import named_by, narrowed

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
SERVICES_CACHED_FOR = 3600  # seconds; a code new to the list also clears it (inbox_service_seen)
SERVICES_KEY = "dms:inbox:services"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def case_get_by_token(*, token: str) -> Case | None:
    if not _TOKEN.match(token or ""):
        return None
    return Case.objects.select_related("entry").filter(tracking_token=token).first()


def case_public_events(*, case: Case) -> QuerySet[CaseEvent]:
    return case.events.filter(visible_to_citizen=True)


def case_public_documents(*, case: Case) -> QuerySet[Document]:
    """What the citizen may download: their attachments and additions, and the answers;
    never the staff's internal documents."""
    return case.documents.filter(visible_to_citizen=True).exclude(kind="internal")


def case_document_get(*, token: str, document_id: int) -> Document | None:
    case = case_get_by_token(token=token)
    if case is None:
        return None
    return case_public_documents(case=case).filter(pk=document_id).first()


def cases_for_email(*, email: str, limit: int = 100) -> list[Case]:
    """A verified citizen's requests at this UAT, newest first, in one query."""
    return list(
        Case.objects.filter(citizen_email__iexact=email)
        .select_related("entry")
        .order_by("-created_at")[:limit]
    )


def case_statuses_for_citizen(*, citizen_ref: int, case_ids: list[int]) -> dict[int, str]:
    """The status (as the citizen reads it) of this citizen's own cases among ``case_ids``:
    a case filed by anyone else is not in the answer, whatever id is asked for."""
    cases = Case.objects.filter(pk__in=case_ids, citizen_ref=citizen_ref).only("pk", "status")
    return {case.pk: str(case.get_status_display()) for case in cases}


# The staff's reads ---------------------------------------------------------------------------


def case_get_for_staff(*, user: Any, pk: int) -> Case | None:
    return (
        permissions.cases_visible_to(user)
        .select_related("entry", "department", "assignee")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class InboxFilters:
    status: str = "open"  # "open", "all" or one CaseStatus
    department_id: int | None = None
    service_code: str = ""
    assignee: str = ""  # "", "mine" or "unassigned"
    due: str = ""  # "", "overdue" or "soon"
    query: str = ""


@dataclass(frozen=True)
class Cursor:
    """Keyset position: the (due date, id) of the last row of the previous page."""

    due_date: date
    pk: int

    def encode(self) -> str:
        return f"{self.due_date:%Y-%m-%d}.{self.pk}"

    @classmethod
    def decode(cls, raw: str | None) -> Cursor | None:
        """None for anything malformed: a hand-edited link shows the first page."""
        try:
            day, pk = (raw or "").split(".", 1)
            cursor = cls(date.fromisoformat(day), int(pk))
        except ValueError:
            return None
        return cursor if 0 < cursor.pk < 2**31 else None


@dataclass
class InboxRow:
    case: Case
    overdue: bool
    due_soon: bool


@dataclass
class InboxPage:
    rows: list[InboxRow]
    next_cursor: Cursor | None
    is_first: bool
    # The requests the search names exactly (a registry number, an e-mail address), shown
    # before the others on the first page.
    named: list[InboxRow] = field(default_factory=list)


def inbox_departments(*, user: Any) -> QuerySet[Department]:
    """The departments the user may filter by: all for the registry, else their own."""
    departments = Department.objects.filter(is_active=True).order_by("name")
    if permissions.sees_all(user):
        return departments
    return departments.filter(pk__in=permissions.department_ids_of(user))


def inbox_service_codes() -> list[tuple[str, str]]:
    """(code, title) of the services this UAT's cases were filed for (cached per UAT: the
    cache key carries the schema)."""
    services = cache.get(SERVICES_KEY)
    if services is None:
        titles: dict[str, str] = {}
        for code, title in Case.objects.values_list("service_code", "service_title").distinct():
            titles[code] = titles.get(code) or title or code
        services = sorted(titles.items(), key=lambda item: item[1].casefold())
        cache.set(SERVICES_KEY, services, SERVICES_CACHED_FOR)
    return list(services)


def inbox_service_seen(code: str) -> None:
    """A case of ``code`` was registered: add it to the cached list if it is new there, so
    the list can be kept long (rebuilding it reads every case: 0.3-0.4 s on 1M)."""
    services = cache.get(SERVICES_KEY)
    if services is not None and code not in {known for known, _title in services}:
        cache.delete(SERVICES_KEY)


def inbox_cases(*, user: Any, filters: InboxFilters) -> QuerySet[Case]:
    today = timezone.localdate()
    cases = permissions.cases_visible_to(user)
    if filters.status == "open":
        cases = cases.filter(status__in=OPEN)
    elif filters.status != "all":
        cases = cases.filter(status=filters.status)
    if filters.department_id is not None:
        cases = cases.filter(department_id=filters.department_id)
    if filters.service_code:
        cases = cases.filter(service_code=filters.service_code)
    if filters.assignee == "mine":
        cases = cases.filter(assignee_id=user.pk)
    elif filters.assignee == "unassigned":
        cases = cases.filter(assignee__isnull=True)
    if filters.due == "overdue":
        cases = cases.filter(status__in=OPEN, due_date__lt=today)
    elif filters.due == "soon":
        cases = cases.filter(
            status__in=OPEN, due_date__gte=today, due_date__lte=remind_until(today)
        )
    if filters.query.strip():
        cases = narrowed(
            cases, filters.query, entry_field="entry_id", vector_field="entry__search_vector"
        )
    return cases


MAX_NAMED = 10


def inbox_named(*, user: Any, filters: InboxFilters) -> QuerySet[Case]:
    """The cases the search names exactly, among those the other filters leave: the number
    as printed or read out ("21/01.12.2026", "21/2026", "21": this year's, then last
    year's), or the e-mail address they were filed with; closed ones too (the citizen may call
    about any). None at all when the search names no request."""
    named = named_by(filters.query, today=timezone.localdate())
    cases = inbox_cases(user=user, filters=replace(filters, query="", status="all"))
    if named is None:
        return cases.none()
    if named.number is not None:
        return cases.filter(entry__number=named.number, entry__year__in=named.years).order_by(
            "-entry__year"
        )
    # The address's lexeme is read off the GIN index first; the exact comparison follows.
    exact = SearchQuery(f"'{named.email}'", search_type="raw", config="simple")
    return cases.filter(entry__search_vector=exact, citizen_email__iexact=named.email).order_by(
        "-entry__registered_at"
    )


def inbox_page(
    *, user: Any, filters: InboxFilters, after: Cursor | None = None, size: int = PAGE_SIZE
) -> InboxPage:
    """One page of the inbox, soonest term first, in one query whatever the page's size."""
    size = max(1, min(size, MAX_PAGE_SIZE))
    cases = inbox_cases(user=user, filters=filters)
    named: list[Case] = []
    if after is None and filters.query.strip():
        named = list(_page_rows(inbox_named(user=user, filters=filters))[:MAX_NAMED])
        cases = cases.exclude(pk__in=[case.pk for case in named])
    if after is not None:
        # The redundant bound lets the index scan start at the cursor (page 50 of 1M: 2.2 s
        # to 0.3 ms); the OR alone cannot bound it.
        cases = cases.filter(due_date__gte=after.due_date).filter(
            Q(due_date__gt=after.due_date) | Q(due_date=after.due_date, pk__gt=after.pk)
        )
    found = list(_page_rows(cases).order_by("due_date", "pk")[: size + 1])
    next_cursor = None
    if len(found) > size:
        last = found[size - 1]
        next_cursor = Cursor(last.due_date, last.pk)
    return InboxPage(
        rows=_flagged(found[:size]),
        next_cursor=next_cursor,
        is_first=after is None,
        named=_flagged(named),
    )


def _page_rows(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("entry", "department", "assignee").defer(
        "entry__search_text", "entry__search_vector", "answers"
    )


def _flagged(cases: list[Case]) -> list[InboxRow]:
    today = timezone.localdate()
    soon = remind_until(today)
    return [
        InboxRow(
            case=case,
            overdue=case.status in OPEN and case.due_date < today,
            due_soon=case.status in OPEN and today <= case.due_date <= soon,
        )
        for case in cases
    ]


# The case page -------------------------------------------------------------------------------


@dataclass
class DocumentChain:
    """A document's latest version, and the older ones (newest first)."""

    latest: Document
    older: list[Document] = field(default_factory=list)

    @property
    def is_staff_document(self) -> bool:
        return self.latest.kind in STAFF_KINDS


STAFF_KINDS = frozenset({"answer", "internal"})


def case_documents(*, case: Case) -> list[DocumentChain]:
    """The case's documents grouped by version chain, in one query."""
    documents = list(
        Document.objects.filter(Q(case=case) | Q(entry=case.entry))
        .select_related("uploaded_by")
        .defer("text")
        .order_by("uploaded_at", "pk")
    )
    by_previous = {d.previous_version_id: d for d in documents if d.previous_version_id}
    chains = []
    for document in documents:
        if document.previous_version_id is not None:
            continue  # part of the chain of its first version
        versions = [document]
        while versions[-1].pk in by_previous:
            versions.append(by_previous[versions[-1].pk])
        chains.append(DocumentChain(latest=versions[-1], older=versions[-2::-1]))
    return chains


def case_history(*, case: Case) -> list[CaseEvent]:
    return list(case.events.select_related("actor").order_by("occurred_at", "pk"))


def case_assignable(*, user: Any, case: Case) -> list[tuple[Department, list[Any]]]:
    """Who the user may give the case to: the members (and head) of the case's department,
    or, for the registry, of every active department."""
    departments = Department.objects.filter(is_active=True).select_related("head")
    if not permissions.sees_all(user):
        departments = departments.filter(pk__in=[case.department_id or 0])
    result = []
    for department in departments.prefetch_related("members").order_by("name"):
        people = {m.pk: m for m in department.members.all() if m.is_active}
        if department.head is not None and department.head.is_active:
            people.setdefault(department.head.pk, department.head)
        if people:
            ordered = sorted(people.values(), key=lambda p: (p.full_name or p.email).casefold())
            result.append((department, ordered))
    return result


def document_get_for_staff(*, user: Any, case_pk: int, document_pk: int) -> Document | None:
    """A document of a case the user may see; None (a 404) otherwise."""
    case = case_get_for_staff(user=user, pk=case_pk)
    if case is None:
        return None
    return (
        Document.objects.filter(Q(case=case) | Q(entry=case.entry), pk=document_pk)
        .defer("text")
        .first()
    )
