"""What a case publishes about itself for the quality indicators: one fact per case.

A fact holds figures, never personal data: when and how the request came, which service and
department, its term, when staff first acted, when and how it closed, whether in term, and the
response time in calendar and working days (the day of registration does not count, as for the
term itself). Reporting reads these facts, never the cases; dms computes them because it owns
the legal calendar and the workflow.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.dispatch import Signal
from django.utils import timezone

from dms.registry.models import Channel

from .deadlines import is_working_day
from .models import CLOSED_STATUSES, Case, CaseEvent, CaseStatus

# Sent inside the transaction that opened a case or changed it (``case_ids``: the cases of the
# current schema whose fact may have changed). Receivers run in that transaction: reporting
# keeps its fact of the case in step with it.
case_changed = Signal()


def case_changed_announce(*, case_ids: Iterable[int]) -> None:
    case_changed.send(sender=Case, case_ids=list(case_ids))


# Events that are not the institution acting on the request.
_NOT_STAFF_ACTIONS = ("registered", "received_forwarded", "citizen_replied")
CHUNK = 2000


@dataclass(frozen=True)
class CaseFact:
    case_id: int
    number: str
    service_code: str
    service_title: str
    department_id: int | None
    department_name: str
    channel: str
    registered_at: datetime
    registered_on: date
    due_on: date
    first_action_at: datetime | None
    closed_at: datetime | None
    closed_on: date | None
    outcome: str  # "open", or the closing status: answered, rejected, forwarded, filed
    within_term: bool | None  # None: still open and not yet due
    extended: bool
    forwarded: bool  # sent to another institution
    redirected: bool  # moved to another department at least once
    response_calendar_days: int | None
    response_working_days: int | None


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when the same day)."""
    if end <= start:
        return 0
    if start.year == end.year:
        table = _working_days_so_far(start.year)
        return table[_day_index(end)] - table[_day_index(start)]
    count = (
        _working_days_so_far(start.year)[-1] - _working_days_so_far(start.year)[_day_index(start)]
    )
    for year in range(start.year + 1, end.year):
        count += _working_days_so_far(year)[-1]
    return count + _working_days_so_far(end.year)[_day_index(end)]


def _day_index(day: date) -> int:
    return day.timetuple().tm_yday - 1


@lru_cache(maxsize=64)
def _working_days_so_far(year: int) -> tuple[int, ...]:
    """For each day of ``year``, the working days from 1 January up to it, included."""
    counts, total, day = [], 0, date(year, 1, 1)
    while day.year == year:
        total += int(is_working_day(day))
        counts.append(total)
        day += timedelta(days=1)
    return tuple(counts)


def _annotated(cases: QuerySet[Case]) -> Iterable[tuple[Any, ...]]:
    first_action = (
        CaseEvent.objects.filter(case=OuterRef("pk"))
        .exclude(kind__in=_NOT_STAFF_ACTIONS)
        .order_by("occurred_at", "id")
        .values("occurred_at")[:1]
    )
    redirected = CaseEvent.objects.filter(case=OuterRef("pk"), kind="forwarded_internal")
    return cases.annotate(
        first_action_at=Subquery(first_action),
        was_redirected=Exists(redirected),
        registered_on=TruncDate("entry__registered_at"),  # in Europe/Bucharest
        closed_on=TruncDate("closed_at"),
    ).values_list(
        "pk",
        "entry__number",
        "entry__registered_at",
        "registered_on",
        "closed_on",
        "entry__channel",
        "service_code",
        "service_title",
        "department_id",
        "department__name",
        "due_date",
        "closed_at",
        "status",
        "extended_at",
        "first_action_at",
        "was_redirected",
    )


def _fact(row: tuple[Any, ...], *, today: date) -> CaseFact:
    (
        pk,
        number,
        registered_at,
        registered_on,
        closed_on,
        channel,
        service_code,
        service_title,
        department_id,
        department_name,
        due_on,
        closed_at,
        status,
        extended_at,
        first_action_at,
        redirected,
    ) = row
    is_open = status not in CLOSED_STATUSES
    if is_open:
        closed_on = None
    if closed_on is not None:
        within_term: bool | None = closed_on <= due_on
    else:
        within_term = False if today > due_on else None
    return CaseFact(
        case_id=pk,
        number=f"{number}/{registered_on:%d.%m.%Y}",
        service_code=service_code,
        service_title=service_title,
        department_id=department_id,
        department_name=department_name or "",
        channel=channel,
        registered_at=registered_at,
        registered_on=registered_on,
        due_on=due_on,
        first_action_at=first_action_at,
        closed_at=None if is_open else closed_at,
        closed_on=closed_on,
        outcome="open" if is_open else str(status),
        within_term=within_term,
        extended=extended_at is not None,
        forwarded=status == CaseStatus.FORWARDED,
        redirected=bool(redirected),
        response_calendar_days=None if closed_on is None else (closed_on - registered_on).days,
        response_working_days=(
            None if closed_on is None else working_days_between(registered_on, closed_on)
        ),
    )


def case_facts(*, case_ids: Iterable[int]) -> list[CaseFact]:
    """The facts of these cases of the current schema (ids that do not exist are skipped)."""
    ids = sorted(set(case_ids))
    today = timezone.localdate()
    facts: list[CaseFact] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = _annotated(Case.objects.filter(pk__in=chunk))
        facts.extend(_fact(row, today=today) for row in rows)
    return facts


def case_ids_to_refresh(*, since: datetime | None) -> Iterator[list[int]]:
    """The cases whose facts a repair run recomputes, in chunks of ids: every case when
    ``since`` is None, otherwise those registered or closed since then and every open one
    (an open case becomes overdue without any event)."""
    cases = Case.objects.all()
    if since is not None:
        cases = cases.filter(
            Q(entry__registered_at__gte=since)
            | Q(closed_at__gte=since)
            | ~Q(status__in=CLOSED_STATUSES)
        )
    last = 0
    while True:
        chunk = list(cases.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]


def case_ids_existing(*, case_ids: Iterable[int]) -> set[int]:
    return set(Case.objects.filter(pk__in=list(case_ids)).values_list("pk", flat=True))


def channel_labels() -> dict[str, str]:
    """How a request came in, as the registry book names it."""
    return {key: str(label) for key, label in Channel.choices}
