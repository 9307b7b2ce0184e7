"""The staff back office on a big UAT: inbox, search, case page, registry book and its exports.

Two UATs are onboarded in this run's throw-away PostgreSQL: a big one with
BENCH_BACKOFFICE_ROWS registry entries (default 1,000,000; bench/backoffice_data.py loads
them with COPY) and a small one with 1,000, loaded the same way: the small one is the
same-run baseline, so the figures that matter are the ratios.

In-process (django.test.Client with the UAT's Host header, signed in through the sign-in
page as a registrar, who sees every case, and as a clerk of one department), each page is
requested once to warm up, once with its SQL captured (query count, slowest statement), then timed
BENCH_BACKOFFICE_REPS times (default 30; fewer for a page slower than a second, within a
30-second budget): inbox pages and filters, keyset pagination 49 pages deep, the search
(rare name, common word, a registry number, cedilla and comma spellings), case pages, the
registry book for a month (first and last page, searches) and for a year, the CSV export of
a whole year and the PDF export of a day. Then through gunicorn as the demo runs it
(bench/webstack.py): a bare request, the inbox, the year's CSV, and the PDF of a month (refused
above registry_views.PDF_MAX_ROWS) and of the longest period it allows, with the serving
worker's peak memory. The slowest statement of every page slower than 200 ms at
p95 is shown with EXPLAIN (ANALYZE, BUFFERS).

python -m bench backoffice; BENCH_BACKOFFICE_ROWS=100000 for a quick run.
"""

from __future__ import annotations

import os
import re
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psutil
import psycopg
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from bench import sqlreplay
from bench.backoffice_data import (
    COMMA_NAME,
    COMMON_WORD,
    PASSWORD,
    RARE_NAME,
    Loaded,
    Staff,
    load,
    staff_create,
)
from bench.webstack import WebServer, table
from dms.cases import selectors as case_selectors
from dms.cases.workflow import OPEN
from dms.models import Case, RegistryEntry
from dms.registry import selectors as registry_selectors
from dms.registry import views as registry_views
from dms.registry.search import matching
from tenants.services import OnboardingData, uat_onboard

ROWS = int(os.environ.get("BENCH_BACKOFFICE_ROWS", "1000000"))
BASE_ROWS = 1000
REPS = int(os.environ.get("BENCH_BACKOFFICE_REPS", "30"))
PAGE_BUDGET = 30.0  # seconds of timed repetitions per page at most (at least 5 of them)
SLOW_MS = 200.0
DEEP_PAGE = 50
BIG, SMALL = "birou-mare", "birou-mic"
LOGIN = "/birou/autentificare/"
INBOX = "/birou/dosare/"
BOOK = "/birou/registratura/"
CEDILLA_SPELLING = "Ştefănescu"  # ş with a cedilla
# dms.cases.selectors caches the services cases were filed for (the filter's choices) 10 minutes.
SERVICE_CACHE_KEYS = ["dms:inbox:services", "dms:inbox:service-codes"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


# ---------------------------------------------------------------- setup


@dataclass
class Uat:
    slug: str
    schema: str
    host: str
    staff: Staff
    loaded: Loaded
    registrar: Client
    clerk: Client


def _uat(slug: str, rows: int, siruta: int, seed: int, today: date) -> Uat:
    started = time.perf_counter()
    uat_onboard(
        data=OnboardingData(
            official_name=f"Municipiul Bench {slug}",
            short_name=slug,
            kind="municipiu",
            slug=slug,
            siruta=siruta,
            admin_email=f"admin@{slug}.example.org",
        )
    )
    schema = slug.replace("-", "_")
    staff = staff_create(schema)
    print(f"{slug}: onboarded with 20 staff in {time.perf_counter() - started:.1f} s; loading")
    loaded = load(schema, rows, staff, today=today, seed=seed)
    host = f"{slug}.{settings.GHISEU_BASE_DOMAIN}"
    return Uat(
        slug,
        schema,
        host,
        staff,
        loaded,
        _signed_in(host, staff.registrar.email),
        _signed_in(host, staff.clerk.email),
    )


def _signed_in(host: str, email: str) -> Client:
    client = Client(HTTP_HOST=host)
    response = client.post(LOGIN, {"username": email, "password": PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"sign-in of {email} on {host} failed: HTTP {response.status_code}")
    return client


# ---------------------------------------------------------------- in-process measurements


@dataclass
class Page:
    name: str
    who: str  # "registrar", "clerk" or "anonymous"
    path: str
    before: Callable[[], None] | None = None  # run before every request (untimed)
    status: int = 0
    size: int = 0
    queries: int = 0
    set_calls: int = 0
    slowest_sql: str = ""
    slowest_ms: float = 0.0
    times: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def p95(self) -> float:
        return _p(self.times, 95)


def _reps(first: float, wanted: int) -> int:
    """All the repetitions wanted for a page under a second; else PAGE_BUDGET seconds' worth,
    at least 5 (3 for a page slower than 5 s)."""
    if first <= 1.0:
        return wanted
    return max(3 if first > 5.0 else 5, min(wanted, int(PAGE_BUDGET / first)))


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    response.close()
    return content


def _statements(captured: CaptureQueriesContext) -> list[dict[str, str]]:
    return [q for q in captured.captured_queries if q["sql"] not in {"BEGIN", "COMMIT"}]


def _measure(client: Client, page: Page, reps: int = REPS) -> Page:
    """A warm-up request, one with its SQL captured, then the timed ones."""
    if page.before:
        page.before()
    _body(client.get(page.path))
    if page.before:
        page.before()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(page.path)
        page.size = len(_body(response))
        first = time.perf_counter() - started
    page.status = response.status_code
    statements = _statements(captured)
    page.set_calls = sum(1 for q in statements if q["sql"].startswith("SET search_path"))
    page.queries = len(statements) - page.set_calls
    timed = [q for q in statements if not q["sql"].startswith("SET search_path")]
    if timed:
        slowest = max(timed, key=lambda q: float(q["time"]))
        page.slowest_sql, page.slowest_ms = slowest["sql"], float(slowest["time"]) * 1000
    reps = _reps(first, reps)
    for _ in range(reps):
        if page.before:
            page.before()
        started = time.perf_counter()
        _body(client.get(page.path))
        page.times.append(time.perf_counter() - started)
    return page


def _deep_cursor(uat: Uat, user: Any, filters: case_selectors.InboxFilters) -> tuple[str, int]:
    """The ``dupa`` parameter of page DEEP_PAGE (or of the last page there is), walked with
    the inbox's own selector; and the page reached."""
    cursor, reached = None, 1
    with schema_context(uat.schema):
        for _ in range(DEEP_PAGE - 1):
            page = case_selectors.inbox_page(user=user, filters=filters, after=cursor)
            if page.next_cursor is None:
                break
            cursor, reached = page.next_cursor, reached + 1
    return (cursor.encode() if cursor else ""), reached


def _book_deep_cursor(uat: Uat, user: Any, start: date, end: date, page: int) -> tuple[str, float]:
    """The ``dupa`` parameter of the book's page ``page`` for the period, and how long the
    same page's rows take by OFFSET (as the book paged before keyset), in ms, best of 3."""
    with schema_context(uat.schema):
        entries = registry_selectors.registry_page_entries(
            user=user, start=start, end=end, direction="", channel="", search=""
        )
        offset = (page - 1) * registry_views.PAGE_SIZE
        timings = []
        for _ in range(3):  # the best of three, as warm as the pages measured
            started = time.perf_counter()
            list(entries[offset : offset + registry_views.PAGE_SIZE])
            timings.append(time.perf_counter() - started)
        by_offset = min(timings) * 1000
        if offset == 0:
            return "", by_offset
        previous = entries[offset - 1]
    return registry_selectors.BookCursor.of(previous).encode(), by_offset


def _pages(uat: Uat, today: date) -> tuple[list[tuple[Client | None, Page]], dict[str, Any]]:
    staff = uat.staff
    first_department = staff.department_ids[0]
    with schema_context(uat.schema):
        registrar = type(staff.registrar).objects.get(pk=staff.registrar.pk)
        clerk = type(staff.clerk).objects.get(pk=staff.clerk.pk)
        closed_case = (
            Case.objects.filter(department_id=first_department)
            .exclude(status__in=OPEN)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        open_case = (
            Case.objects.filter(department_id=first_department, status__in=OPEN)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

    def clear_service_codes() -> None:
        with schema_context(uat.schema):  # the key carries the schema
            cache.delete_many(SERVICE_CACHE_KEYS)

    deep_open, reached_open = _deep_cursor(uat, registrar, case_selectors.InboxFilters())
    deep_all, reached_all = _deep_cursor(uat, registrar, case_selectors.InboxFilters("all"))
    deep_clerk, reached_clerk = _deep_cursor(uat, clerk, case_selectors.InboxFilters())
    month_end = today.replace(day=1) - timedelta(days=1)
    month = f"start={month_end.replace(day=1):%Y-%m-%d}&end={month_end:%Y-%m-%d}"
    year = "start=2025-01-01&end=2025-12-31"
    with schema_context(uat.schema):
        month_rows = RegistryEntry.objects.filter(
            registered_at__date__gte=month_end.replace(day=1), registered_at__date__lte=month_end
        ).count()
    last_page = max(1, -(-month_rows // 50))
    month_deep, month_offset_ms = _book_deep_cursor(
        uat, registrar, month_end.replace(day=1), month_end, last_page
    )
    year_rows = uat.loaded.years.get(2025, 0)
    year_page = max(1, -(-year_rows // 100))  # half way through the year
    year_deep, year_offset_ms = _book_deep_cursor(
        uat, registrar, date(2025, 1, 1), date(2025, 12, 31), year_page
    )
    number = uat.loaded.sample_number
    r, c = uat.registrar, uat.clerk
    pages: list[tuple[Client | None, Page]] = [
        (Client(HTTP_HOST=uat.host), Page("bare request (/readyz)", "anonymous", "/readyz")),
        (r, Page("inbox: first page (open)", "registrar", INBOX)),
        (
            r,
            Page(
                "inbox: first page, service cache cold",
                "registrar",
                INBOX,
                before=clear_service_codes,
            ),
        ),
        (r, Page("inbox: all statuses", "registrar", f"{INBOX}?status=all")),
        (r, Page("inbox: overdue", "registrar", f"{INBOX}?due=overdue")),
        (r, Page("inbox: one department", "registrar", f"{INBOX}?department={first_department}")),
        (r, Page(f"inbox: page {reached_open} (open)", "registrar", f"{INBOX}?dupa={deep_open}")),
        (
            r,
            Page(
                f"inbox: page {reached_all} (all statuses)",
                "registrar",
                f"{INBOX}?status=all&dupa={deep_all}",
            ),
        ),
        (r, Page("search: rare name (all)", "registrar", f"{INBOX}?status=all&q={RARE_NAME}")),
        (r, Page("search: common word (open)", "registrar", f"{INBOX}?q={COMMON_WORD}")),
        (r, Page("search: common word (all)", "registrar", f"{INBOX}?status=all&q={COMMON_WORD}")),
        (r, Page("search: a number (all)", "registrar", f"{INBOX}?status=all&q={number}")),
        (
            r,
            Page(
                "search: cedilla Ş spelling (all)",
                "registrar",
                f"{INBOX}?status=all&q={CEDILLA_SPELLING}",
            ),
        ),
        (
            r,
            Page(
                "search: comma Ș spelling (all)", "registrar", f"{INBOX}?status=all&q={COMMA_NAME}"
            ),
        ),
        (r, Page("case page (closed)", "registrar", f"{INBOX}{closed_case}/")),
        (r, Page("case page (open)", "registrar", f"{INBOX}{open_case}/")),
        (c, Page("inbox: first page (open)", "clerk", INBOX)),
        (c, Page("inbox: assigned to me", "clerk", f"{INBOX}?assignee=mine")),
        (c, Page(f"inbox: page {reached_clerk} (open)", "clerk", f"{INBOX}?dupa={deep_clerk}")),
        (c, Page("search: rare name (all)", "clerk", f"{INBOX}?status=all&q={RARE_NAME}")),
        (c, Page("search: common word (all)", "clerk", f"{INBOX}?status=all&q={COMMON_WORD}")),
        (c, Page("case page (open)", "clerk", f"{INBOX}{open_case}/")),
        (r, Page("book: a month, page 1", "registrar", f"{BOOK}?{month}")),
        (
            r,
            Page(
                f"book: a month, page {last_page}",
                "registrar",
                f"{BOOK}?{month}&dupa={month_deep}",
            ),
        ),
        (r, Page("book: a month, last page", "registrar", f"{BOOK}?{month}&ultima=1")),
        (
            r,
            Page(f"book: a year, page {year_page}", "registrar", f"{BOOK}?{year}&dupa={year_deep}"),
        ),
        (r, Page("book: a month, search rare name", "registrar", f"{BOOK}?{month}&q={RARE_NAME}")),
        (
            r,
            Page(
                "book: a month, search common word", "registrar", f"{BOOK}?{month}&q={COMMON_WORD}"
            ),
        ),
        (r, Page("book: a year, page 1", "registrar", f"{BOOK}?{year}")),
        (r, Page("book: a year, search a number", "registrar", f"{BOOK}?{year}&q={number}")),
    ]
    facts = {
        "month": month,
        "month_rows": month_rows,
        "book_by_offset": (last_page, month_offset_ms, year_page, year_offset_ms),
        "year": year,
        "deep": (reached_open, reached_all, reached_clerk),
        "cases": (closed_case, open_case),
        "number": number,
    }
    return pages, facts


@dataclass
class Export:
    name: str
    rows: int
    times: list[float] = field(default_factory=list)
    size: int = 0
    status: int = 0
    queries: int = 0
    peak_rss: int = 0  # bytes, the serving gunicorn worker (HTTP only)
    rss_before: int = 0

    @property
    def best(self) -> float:
        return min(self.times) if self.times else float("nan")


def _export(client: Client, name: str, path: str, rows: int, reps: int) -> Export:
    export = Export(name, rows)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path)
        export.size = len(_body(response))
        export.times.append(time.perf_counter() - started)
    export.status = response.status_code
    export.queries = len(
        [q for q in _statements(captured) if not q["sql"].startswith("SET search_path")]
    )
    for _ in range(reps - 1):
        started = time.perf_counter()
        _body(client.get(path))
        export.times.append(time.perf_counter() - started)
    return export


def _rows_between(schema: str, start: date, end: date) -> int:
    with schema_context(schema):
        return RegistryEntry.objects.filter(
            registered_at__date__gte=start, registered_at__date__lte=end
        ).count()


def _exports(uat: Uat, today: date) -> list[Export]:
    year_rows = uat.loaded.years.get(2025, 0)
    month_end = today.replace(day=1) - timedelta(days=1)
    day = month_end - timedelta(days=(month_end.weekday() - 2) % 7)  # a Wednesday
    day_rows = _rows_between(uat.schema, day, day)
    csv_reps = 3 if uat.loaded.rows > 10_000 else 10
    return [
        _export(
            uat.registrar,
            "CSV, year 2025",
            f"{BOOK}export.csv?start=2025-01-01&end=2025-12-31",
            year_rows,
            csv_reps,
        ),
        _export(
            uat.registrar,
            f"PDF, one day ({day:%d.%m.%Y})",
            f"{BOOK}export.pdf?start={day:%Y-%m-%d}&end={day:%Y-%m-%d}",
            day_rows,
            5,
        ),
    ]


# ---------------------------------------------------------------- over HTTP


class _RssWatch:
    """Peak resident memory of gunicorn's workers while a request runs (sampled every 20 ms)."""

    def __init__(self, server: WebServer) -> None:
        assert server.process is not None
        self.master = psutil.Process(server.process.pid)
        self.peak: dict[int, int] = {}
        self.before = self._sample()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> dict[int, int]:
        sizes = {}
        for worker in self.master.children(recursive=True):
            try:
                sizes[worker.pid] = worker.memory_info().rss
            except psutil.Error:
                continue
        return sizes

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid, rss in self._sample().items():
                self.peak[pid] = max(self.peak.get(pid, 0), rss)
            self._stop.wait(0.02)

    def __enter__(self) -> _RssWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def growth(self) -> tuple[int, int]:
        """(peak RSS, RSS before) of the worker that grew most."""
        pid = max(self.peak, key=lambda p: self.peak[p] - self.before.get(p, self.peak[p]))
        return self.peak[pid], self.before.get(pid, 0)


def _http_session(server: WebServer, uat: Uat) -> requests.Session:
    http = requests.Session()
    http.headers["Host"] = uat.host
    form = http.get(server.base_url + LOGIN, timeout=60)
    token = CSRF.search(form.text)
    if token is None:
        raise RuntimeError("the sign-in page has no CSRF token")
    signed = http.post(
        server.base_url + LOGIN,
        data={
            "username": uat.staff.registrar.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token.group(1),
        },
        allow_redirects=False,
        timeout=60,
    )
    if signed.status_code != 302:
        raise RuntimeError(f"sign-in over HTTP failed: HTTP {signed.status_code}")
    return http


def _http_pages(server: WebServer, uat: Uat, facts: dict[str, Any], today: date) -> list[Any]:
    http = _http_session(server, uat)
    results: list[Any] = []
    for name, path in (
        ("bare request (/readyz)", "/readyz"),
        ("inbox: first page (open)", INBOX),
        ("search: common word (all)", f"{INBOX}?status=all&q={COMMON_WORD}"),
        ("book: a month, page 1", f"{BOOK}?{facts['month']}"),
    ):
        page = Page(name, "registrar", path)
        first = time.perf_counter()
        response = http.get(server.base_url + path, allow_redirects=False, timeout=300)
        first = time.perf_counter() - first
        page.status, page.size = response.status_code, len(response.content)
        reps = _reps(first, REPS)
        for _ in range(reps):
            started = time.perf_counter()
            http.get(server.base_url + path, allow_redirects=False, timeout=300)
            page.times.append(time.perf_counter() - started)
        results.append(page)
    month_end = today.replace(day=1) - timedelta(days=1)
    start, end, rows = _pdf_period(uat, month_end)
    downloads = [
        (
            "CSV, year 2025",
            f"{BOOK}export.csv?start=2025-01-01&end=2025-12-31",
            uat.loaded.years.get(2025, 0),
            2,
        ),
        (
            f"PDF, month {month_end:%m.%Y}",
            f"{BOOK}export.pdf?{facts['month']}",
            facts["month_rows"],
            1,
        ),
    ]
    if (start, end) != (month_end.replace(day=1), month_end):
        downloads.append(
            (
                f"PDF, {start:%d.%m}-{end:%d.%m.%Y} (the most allowed)",
                f"{BOOK}export.pdf?start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
                rows,
                1,
            )
        )
    for name, path, rows, reps in downloads:
        export = Export(name, rows)
        for _ in range(reps):
            with _RssWatch(server) as watch:
                started = time.perf_counter()
                with http.get(server.base_url + path, stream=True, timeout=1800) as response:
                    size = sum(len(chunk) for chunk in response.iter_content(1 << 16))
                export.times.append(time.perf_counter() - started)
            export.status, export.size = response.status_code, size
            peak, before = watch.growth()
            export.peak_rss = max(export.peak_rss, peak)
            export.rss_before = export.rss_before or before
        results.append(export)
    http.close()
    return results


def _pdf_period(uat: Uat, month_end: date) -> tuple[date, date, int]:
    """The month, or the longest period from its first day with at most the PDF export's
    row limit (registry_views.PDF_MAX_ROWS: a longer period is refused with a 400)."""
    limit = getattr(registry_views, "PDF_MAX_ROWS", None)
    first = month_end.replace(day=1)
    with schema_context(uat.schema):
        per_day = dict(
            RegistryEntry.objects.filter(
                registered_at__date__gte=first, registered_at__date__lte=month_end
            )
            .annotate(day=TruncDate("registered_at"))
            .values("day")
            .annotate(n=Count("pk"))
            .values_list("day", "n")
        )
    end, total = first, 0
    day = first
    while day <= month_end:
        if limit is not None and total + per_day.get(day, 0) > limit:
            break
        total += per_day.get(day, 0)
        end = day
        day += timedelta(days=1)
    return first, end, total


# ---------------------------------------------------------------- EXPLAIN and checks


def _explain(schema: str, sql: str) -> str:
    with psycopg.connect(sqlreplay.dsn(), autocommit=True) as conn:
        conn.execute(sqlreplay.set_search_path(schema))
        rows = conn.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}").fetchall()
    return "\n".join(row[0] for row in rows)


def _search_counts(uat: Uat) -> list[list[str]]:
    """How many cases each spelling finds (the app's own matching()): the same for all."""
    rows = []
    with schema_context(uat.schema):
        for spelling in (CEDILLA_SPELLING, COMMA_NAME, "stefanescu", RARE_NAME, COMMON_WORD):
            cases = matching(Case.objects.all(), spelling, field="entry__search_vector").count()
            entries = matching(RegistryEntry.objects.all(), spelling).count()
            rows.append([spelling, f"{cases:,}", f"{entries:,}"])
    return rows


def _postgres_settings() -> str:
    with psycopg.connect(sqlreplay.dsn(), autocommit=True) as conn:
        values = []
        for name in ("server_version", "shared_buffers", "work_mem", "effective_cache_size"):
            row = conn.execute(f"SHOW {name}").fetchone()
            values.append(f"{name}={row[0] if row else '?'}")
    return ", ".join(values)


# ---------------------------------------------------------------- the run


def run() -> None:
    started = time.perf_counter()
    today = timezone.localdate()
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    print(
        f"\n== Back office: one UAT with {ROWS:,} registry entries and their cases, "
        f"against one with {BASE_ROWS:,} (same run) =="
    )
    big = _uat(BIG, ROWS, 909001, 2026, today)
    small = _uat(SMALL, BASE_ROWS, 909002, 7, today)
    _report_load([big, small])

    results: dict[str, list[Page]] = {}
    facts: dict[str, dict[str, Any]] = {}
    exports: dict[str, list[Export]] = {}
    for uat in (small, big):
        pages, facts[uat.slug] = _pages(uat, today)
        measured = []
        for client, page in pages:
            measured.append(_measure(client or uat.registrar, page))
        results[uat.slug] = measured
        exports[uat.slug] = _exports(uat, today)
        print(f"{uat.slug}: pages measured ({time.perf_counter() - started:.0f} s so far)")

    # Over HTTP: the registrars' passwords hashed as the demo's settings can check them.
    http_results: dict[str, list[Any]] = {}
    for uat in (small, big):
        with schema_context(uat.schema):
            type(uat.staff.registrar).objects.filter(pk=uat.staff.registrar.pk).update(
                password=make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
            )
    server = WebServer()
    try:
        server.start()
        for uat in (small, big):
            http_results[uat.slug] = _http_pages(server, uat, facts[uat.slug], today)
        problems = server.log_problems()
        first_error = _first_traceback(server)
    finally:
        server.stop()
    print(f"over HTTP: done ({time.perf_counter() - started:.0f} s so far)")

    _report_pages(results, facts)
    _report_exports(exports, http_results)
    _report_http(http_results, server)
    print("\n== Search: cases / registry entries each spelling finds (the app's matching()) ==")
    print(table(["query", "cases", "entries"], _search_counts(big)))
    _report_explains(big, results[BIG])
    print(f"\nPostgreSQL: {_postgres_settings()}; machine: {psutil.cpu_count()} cores")
    if problems:
        print(f"server log: {len(problems)} error lines; the first traceback:")
        print(first_error)
    else:
        print("server log: no errors")
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


def _first_traceback(server: WebServer, lines: int = 60) -> str:
    try:
        text = server.log_path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    for index, line in enumerate(text):
        if "Traceback" in line:
            return "\n".join(text[max(0, index - 1) : index + lines])
    return ""


def _report_load(uats: list[Uat]) -> None:
    rows = []
    for uat in uats:
        loaded = uat.loaded
        rows.append(
            [
                uat.slug,
                f"{loaded.rows:,}",
                f"{loaded.cases:,}",
                f"{loaded.events:,}",
                f"{loaded.open_cases:,} ({loaded.open_cases / max(1, loaded.cases):.1%})",
                f"{loaded.overdue:,}",
                " ".join(f"{y}:{n:,}" for y, n in loaded.years.items()),
                f"{loaded.seconds_copy:.1f}",
                f"{loaded.seconds_index:.1f}",
                f"{loaded.seconds_vacuum:.1f}",
                f"{loaded.seconds_total:.1f}",
                f"{loaded.rows / loaded.seconds_total:,.0f}",
                f"{sum(loaded.sizes.values()) / 1e6:,.0f}",
            ]
        )
    print(
        table(
            [
                "UAT",
                "entries",
                "cases",
                "events",
                "open",
                "overdue",
                "last number per year",
                "gen+COPY s",
                "indexes s",
                "vacuum s",
                "load s",
                "entries/s",
                "MB",
            ],
            rows,
        )
    )
    big = uats[0].loaded
    print(
        "loaded with COPY (3 streams), secondary indexes dropped and rebuilt, VACUUM ANALYZE; "
        "sizes with indexes: "
        + ", ".join(f"{t} {s / 1e6:,.0f} MB" for t, s in big.sizes.items())
        + f"; search text checked against fold() on {big.checked_folds} rows and against "
        f"entry_search_refresh on {big.checked_refresh}; {big.rare_rows} rows carry "
        f"the surname {RARE_NAME}"
    )


def _report_pages(results: dict[str, list[Page]], facts: dict[str, dict[str, Any]]) -> None:
    print(
        f"\n== Pages in-process (Django test client), p50/p95 over the repetitions, "
        f"{BIG} ({ROWS:,}) vs {SMALL} ({BASE_ROWS:,}) =="
    )
    rows = []
    for page, base in zip(results[BIG], results[SMALL], strict=True):
        status = "" if page.status == 200 else f" HTTP {page.status}"
        base_status = "" if base.status == 200 else f" HTTP {base.status}"
        rows.append(
            [
                f"{page.who[:5]} {page.name}{status}",
                f"{page.queries}" + ("" if page.queries == base.queries else f" ({base.queries})"),
                _ms(page.p50),
                _ms(page.p95),
                f"{base.p95 * 1000:,.1f}{base_status}",
                f"{page.p95 / base.p95:,.1f}x" if base.p95 else "-",
                f"{page.slowest_ms:,.1f}",
                f"{page.size / 1024:,.0f}",
                str(len(page.times)),
            ]
        )
    print(
        table(
            [
                "page",
                "SQL",
                "p50 ms",
                "p95 ms",
                "base p95",
                "p95/base",
                "slowest SQL ms",
                "KiB",
                "n",
            ],
            rows,
        )
    )
    big = facts[BIG]
    print(
        "SQL: statements per request without BEGIN/COMMIT and SET search_path, "
        "(n) where the small UAT's differs; slowest SQL: the slowest statement of the "
        "captured (first) request; base: the same page on the small UAT. "
        f"Month: {big['month']} ({big['month_rows']:,} entries); deep pages reached "
        f"(open, all, clerk): {big['deep']}; number searched: {big['number']}; case pages "
        f"(closed, open): {big['cases']}"
    )
    month_page, month_ms, year_page, year_ms = big["book_by_offset"]
    print(
        f"The book's deep pages read by OFFSET instead (rows only, in-process, this run): "
        f"month page {month_page} {month_ms:,.1f} ms, year page {year_page} {year_ms:,.1f} ms"
    )


def _report_exports(exports: dict[str, list[Export]], http: dict[str, list[Any]]) -> None:
    print("\n== Registry book exports ==")
    rows = []
    for slug in (BIG, SMALL):
        in_http = [e for e in http.get(slug, []) if isinstance(e, Export)]
        for export, how in [
            *((e, "in-process") for e in exports[slug]),
            *((e, "HTTP") for e in in_http),
        ]:
            rate = export.rows / export.best if export.best else 0
            rows.append(
                [
                    slug,
                    export.name,
                    how,
                    str(export.status),
                    f"{export.rows:,}",
                    f"{export.best:,.2f}",
                    f"{max(export.times):,.2f}",
                    f"{rate:,.0f}",
                    f"{export.size / 1e6:,.2f}",
                    str(export.queries) if how == "in-process" else "-",
                    _rss(export),
                    str(len(export.times)),
                ]
            )
    print(
        table(
            [
                "UAT",
                "export",
                "how",
                "HTTP",
                "rows",
                "best s",
                "worst s",
                "rows/s",
                "MB",
                "SQL",
                "worker RSS MB",
                "n",
            ],
            rows,
        )
    )
    print(
        "worker RSS: peak resident memory of the gunicorn worker that served it (growth "
        "during the download); the PDF export refuses (HTTP 400) a period with more than "
        f"{getattr(registry_views, 'PDF_MAX_ROWS', '?')} rows (registry_views.PDF_MAX_ROWS): "
        "the longest period it allows is measured too"
    )


def _rss(export: Export) -> str:
    if not export.peak_rss:
        return "-"
    grown = (export.peak_rss - export.rss_before) / 1e6
    return f"{export.peak_rss / 1e6:,.0f} (+{grown:,.0f})"


def _report_http(http: dict[str, list[Any]], server: WebServer) -> None:
    print(f"\n== Over HTTP through gunicorn ({server.workers_and_threads}, demo settings) ==")
    rows = []
    for page, base in zip(
        [p for p in http[BIG] if isinstance(p, Page)],
        [p for p in http[SMALL] if isinstance(p, Page)],
        strict=True,
    ):
        rows.append(
            [
                page.name + ("" if page.status == 200 else f" HTTP {page.status}"),
                _ms(page.p50),
                _ms(page.p95),
                _ms(base.p95),
                f"{page.p95 / base.p95:,.1f}x" if base.p95 else "-",
                str(len(page.times)),
            ]
        )
    print(table(["page (registrar)", "p50 ms", "p95 ms", "base p95", "p95/base", "n"], rows))


def _report_explains(uat: Uat, pages: list[Page]) -> None:
    always = {"inbox: first page (open)", "search: common word (all)"}
    shown: set[str] = set()
    for page in pages:
        slow = page.p95 * 1000 > SLOW_MS
        if not page.slowest_sql or not (slow or (page.who == "registrar" and page.name in always)):
            continue
        if page.slowest_sql in shown:
            continue
        shown.add(page.slowest_sql)
        why = f"p95 {_ms(page.p95)} ms" + (" > 200 ms" if slow else "")
        print(
            f"\n== EXPLAIN (ANALYZE, BUFFERS): {page.who} {page.name} ({why}), slowest statement =="
        )
        print(page.slowest_sql[:3000])
        print(_explain(uat.schema, page.slowest_sql))
