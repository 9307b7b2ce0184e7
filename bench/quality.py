"""Quality indicators at scale: one UAT with 1,000,000 cases and the county's 77 UATs.

In this run's throw-away PostgreSQL: a big UAT gets BENCH_QUALITY_CASES cases (default
1,000,000) spread over four years, and 76 more UATs get a few thousand each (the county of
Caraș-Severin has 77), all written by dms.cases.history in bulk SQL with late, extended,
forwarded and still-open cases. Then:

- the nightly job: the full recompute of the big UAT's facts and aggregates, a re-run (which
  changes nothing), and one day of new cases (the nightly window of one day, and the default
  window);
- the pages, in-process and signed in: the UAT's indicators (last 12 months, its
  administrator), the county comparison (county administrator), the staff home of the
  administrator and of a clerk; each warmed up, its queries counted, then timed BENCH_QUALITY_REPS
  times (default 30) for p50/p95;
- the baseline in the same run: each page's figures computed from the raw cases (the UAT's
  registry entries, cases and events; for the county, all 77 schemas), as a page without facts
  would have to.

python -m bench quality; BENCH_QUALITY_CASES=100000 for a quick run.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from billing_reporting.facts.services import facts_refresh
from billing_reporting.indicators.periods import last_months
from dms.cases.history import HistoryMix, HistoryService, history_generate
from dms.models import Department
from ghiseu.accounts.models import Role, User
from tenants.services import OnboardingData, uat_onboard

CASES = int(os.environ.get("BENCH_QUALITY_CASES", "1000000"))
SMALL_UATS = 76
SMALL_CASES = int(os.environ.get("BENCH_QUALITY_SMALL_CASES", "3000"))
REPS = int(os.environ.get("BENCH_QUALITY_REPS", "30"))
CHUNK = 100_000
PASSWORD = "parola-bench-2026"
BIG = "calitate-mare"
SERVICES = (  # code, title, term, unit, extension, department, weight
    ("petitie", "Petiție", 30, "calendar", 15, "Relații cu publicul", 16),
    ("sesizare", "Sesizare", 30, "calendar", 15, "Relații cu publicul", 14),
    ("informatii-publice", "Informații publice", 10, "calendar", 20, "Relații cu publicul", 6),
    ("certificat-urbanism", "Certificat de urbanism", 15, "calendar", 0, "Urbanism", 10),
    ("autorizatie-construire", "Autorizație de construire", 30, "calendar", 0, "Urbanism", 5),
    ("certificat-fiscal", "Certificat fiscal", 2, "working", 0, "Taxe și impozite", 18),
    ("declaratie-cladiri", "Declarație clădiri", 30, "calendar", 0, "Taxe și impozite", 6),
    ("declaratie-auto", "Declarație auto", 30, "calendar", 0, "Taxe și impozite", 6),
    ("adeverinta-registru-agricol", "Adeverință agricolă", 30, "calendar", 15, "Agricol", 4),
    ("programare-casatorie", "Programare căsătorie", 10, "calendar", 0, "Stare civilă", 2),
)  # fmt: skip
MIX = HistoryMix(forwarded=25, rejected=35, filed=15, late=55, extended=60, stuck_open=6)


def _p(values: list[float], q: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def _services(clerk: User) -> list[HistoryService]:
    departments = {
        name: Department.objects.get_or_create(name=name)[0]
        for name in sorted({row[5] for row in SERVICES})
    }
    for department in departments.values():
        department.members.add(clerk)
    return [
        HistoryService(code, title, term, unit, ext, departments[dep].pk, dep, weight, clerk.pk)
        for code, title, term, unit, ext, dep, weight in SERVICES
    ]


def _onboard(slug: str, siruta: int) -> str:
    uat_onboard(
        data=OnboardingData(
            official_name=f"UAT {slug}",
            short_name=slug,
            kind="municipiu" if slug == BIG else "comuna",
            slug=slug,
            siruta=siruta,
            admin_email=f"admin@{slug}.example.org",
        )
    )
    schema = slug.replace("-", "_")
    with schema_context(schema):
        admin = User.objects.get(email=f"admin@{slug}.example.org")
        admin.set_password(PASSWORD)
        admin.save()
        User.objects.create_user(f"clerk@{slug}.example.org", PASSWORD, role=Role.CLERK)
    return schema


def _history(schema: str, *, cases: int, first: date, last: date, key: str) -> float:
    started = time.perf_counter()
    with schema_context(schema):
        clerk = User.objects.get(role=Role.CLERK)
        services = _services(clerk)
        span = (last - first).days
        chunks = max(1, cases // CHUNK)
        for n in range(chunks):
            start = first + timedelta(days=span * n // chunks)
            end = first + timedelta(days=span * (n + 1) // chunks - 1) if n < chunks - 1 else last
            history_generate(
                key=f"{key}-{n}",
                cases=cases // chunks,
                first_day=start,
                last_day=end,
                services=services,
                mix=MIX,
            )
    with connection.cursor() as cursor:
        cursor.execute(
            f'ANALYZE "{schema}".dms_case, "{schema}".dms_registryentry, "{schema}".dms_caseevent'
        )
    return time.perf_counter() - started


def _timed(name: str, run: Callable[[], Any], rows: list[list[str]]) -> None:
    run()  # warm
    # Counted by a wrapper, not CaptureQueriesContext: a request's start empties the
    # connection's query log, so the context saw none of a page's queries.
    queries: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        run()
    times = []
    for _ in range(REPS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    rows.append([name, str(len(queries)), _ms(_p(times, 50)), _ms(_p(times, 95))])


def _client(host: str, email: str, login: str) -> Client:
    client = Client(HTTP_HOST=host)
    response = client.post(login, {"username": email, "password": PASSWORD})
    assert response.status_code == 302, "sign-in failed"
    return client


def _get(client: Client, path: str) -> Callable[[], Any]:
    def run() -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        connection.set_schema_to_public()

    return run


# The baselines: the same figures read from the cases, as a page without facts would.
RAW_UAT = """
SELECT k.service_code, count(*),
       count(*) FILTER (WHERE k.status IN ('answered', 'rejected')),
       count(*) FILTER (WHERE k.status IN ('answered', 'rejected')
                        AND (k.closed_at AT TIME ZONE 'Europe/Bucharest')::date <= k.due_date),
       percentile_disc(0.5) WITHIN GROUP (ORDER BY (k.closed_at::date - e.registered_at::date))
           FILTER (WHERE k.status IN ('answered', 'rejected')),
       percentile_disc(0.9) WITHIN GROUP (ORDER BY (k.closed_at::date - e.registered_at::date))
           FILTER (WHERE k.status IN ('answered', 'rejected')),
       count(*) FILTER (WHERE k.status NOT IN ('answered', 'rejected', 'forwarded', 'filed')
                        AND k.due_date < current_date),
       count(*) FILTER (WHERE k.extended_at IS NOT NULL),
       count(*) FILTER (WHERE k.status = 'forwarded')
FROM "{schema}".dms_case AS k JOIN "{schema}".dms_registryentry AS e ON e.id = k.entry_id
WHERE e.registered_at >= %s AND e.registered_at < %s
GROUP BY GROUPING SETS ((k.service_code), (date_trunc('month', e.registered_at)), ())
"""


def _raw(sql: str, params: list[Any]) -> Callable[[], Any]:
    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return run


def run() -> None:
    today = timezone.localdate()
    print(
        f"quality: {CASES:,} cases in one UAT, {SMALL_UATS} more UATs of {SMALL_CASES:,}",
        flush=True,
    )
    started = time.perf_counter()
    big = _onboard(BIG, 980000)
    small = [_onboard(f"comuna-{n:02d}", 980001 + n) for n in range(SMALL_UATS)]
    print(f"  77 UATs onboarded in {time.perf_counter() - started:.1f} s", flush=True)
    load = _history(
        big,
        cases=CASES,
        first=today - timedelta(days=4 * 365),
        last=today - timedelta(days=2),
        key="bench",
    )
    print(f"  {CASES:,} cases written in {load:.1f} s", flush=True)
    started = time.perf_counter()
    for schema in small:
        _history(
            schema,
            cases=SMALL_CASES,
            first=today - timedelta(days=3 * 365),
            last=today - timedelta(days=2),
            key="bench",
        )
    print(
        f"  {SMALL_UATS * SMALL_CASES:,} cases in the others"
        f" in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    jobs: list[list[str]] = []

    def job(name: str, work: Callable[[], Any]) -> float:
        started = time.perf_counter()
        work()
        seconds = time.perf_counter() - started
        jobs.append([name, f"{seconds:,.1f}"])
        print(f"  {name}: {seconds:,.1f} s", flush=True)
        return seconds

    def refresh(schema: str, days: int | None) -> Callable[[], Any]:
        def work() -> None:
            with schema_context(schema):
                facts_refresh(schema=schema, days=days)

        return work

    job(f"full recompute, {CASES:,} cases", refresh(big, None))
    job("full recompute again (changes nothing)", refresh(big, None))
    for schema in small:
        with schema_context(schema):
            facts_refresh(schema=schema, days=None)
    daily = max(1, CASES // (4 * 250))
    with schema_context(big):
        clerk = User.objects.get(role=Role.CLERK)
        history_generate(
            key="bench-new-day",
            cases=daily,
            first_day=today - timedelta(days=1),
            last_day=today - timedelta(days=1),
            services=_services(clerk),
            mix=MIX,
        )
    job(f"one day of new data ({daily:,} cases), window of 1 day", refresh(big, 1))
    job("the nightly default window (35 days)", refresh(big, 35))

    period = last_months(12)
    first = timezone.make_aware(
        timezone.datetime.combine(period.first, timezone.datetime.min.time())
    )
    end = timezone.make_aware(
        timezone.datetime.combine(period.last_day + timedelta(days=1), timezone.datetime.min.time())
    )
    host = f"{BIG}.localhost"
    admin = _client(host, f"admin@{BIG}.example.org", "/birou/autentificare/")
    clerk_client = _client(host, f"clerk@{BIG}.example.org", "/birou/autentificare/")
    with schema_context("public"):
        User.objects.create_superuser("bench@judet.example.org", PASSWORD)
    county = _client("localhost", "bench@judet.example.org", "/consola/cont/autentificare/")

    pages: list[list[str]] = []
    _timed("UAT indicators, 12 months (administrator)", _get(admin, "/birou/indicatori/"), pages)
    _timed(
        "  baseline: the same figures from the cases",
        _raw(RAW_UAT.format(schema=big), [first, end]),
        pages,
    )
    _timed("county comparison, 77 UATs, 12 months", _get(county, "/consola/indicatori/"), pages)
    county_raw = " UNION ALL ".join(
        f"SELECT '{schema}', count(*), count(*) FILTER (WHERE k.status IN ('answered','rejected')),"
        f" count(*) FILTER (WHERE k.status IN ('answered','rejected') AND"
        f" (k.closed_at AT TIME ZONE 'Europe/Bucharest')::date <= k.due_date),"
        f" percentile_disc(0.5) WITHIN GROUP (ORDER BY k.closed_at::date - e.registered_at::date)"
        f' FROM "{schema}".dms_case k JOIN "{schema}".dms_registryentry e ON e.id = k.entry_id'
        f" WHERE e.registered_at >= %s AND e.registered_at < %s"
        for schema in [big, *small]
    )
    _timed(
        "  baseline: the same figures from 77 schemas' cases",
        _raw(county_raw, [first, end] * (SMALL_UATS + 1)),
        pages,
    )
    _timed("staff home (administrator)", _get(admin, "/birou/"), pages)
    _timed("staff home (clerk)", _get(clerk_client, "/birou/"), pages)
    headline_raw = RAW_UAT.format(schema=big).replace(
        "GROUP BY GROUPING SETS ((k.service_code), (date_trunc('month', e.registered_at)), ())",
        "GROUP BY k.service_code",
    )
    _timed(
        "  baseline: the home's headline from the cases", _raw(headline_raw, [first, end]), pages
    )

    print("\nNightly job (seconds)")
    for name, seconds in jobs:
        print(f"  {name:<55} {seconds:>10}")
    print("\nPages (ms; target p95 <= 150)")
    print(f"  {'page':<55} {'queries':>8} {'p50':>10} {'p95':>10}")
    for name, queries, p50, p95 in pages:
        print(f"  {name:<55} {queries:>8} {p50:>10} {p95:>10}")
