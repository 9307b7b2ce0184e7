"""The institution's site at county scale: MOL search on a portal and the county index over
BENCH_WEBSITE_ACTS acts (default 100,000) across BENCH_WEBSITE_UATS UATs (default 77).

Each UAT is onboarded in this run's throw-away PostgreSQL; its acts are written with
bulk_create in its own schema, with the folded search text the MOL services store, and one
county index row per published act in the public schema (what website.county.services
writes). In-process (django.test.Client with each host's header), every page is requested
once to warm up, once with its SQL counted, then timed BENCH_WEBSITE_REPS times (default 40).
The plain listings (a section's first page, the county index's first page) are the same-run
baselines; the target is a p95 of at most 100 ms.

python -m bench website; BENCH_WEBSITE_ACTS=20000 for a quick run.
"""

from __future__ import annotations

import html
import os
import random
import re
import statistics
import time
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from ghiseu.ops.text import fold
from tenants.services import OnboardingData, uat_onboard
from website.county.models import CountyAct
from website.mol.models import Act, Section
from website.mol.prefect import prefect_due_for

ACTS = int(os.environ.get("BENCH_WEBSITE_ACTS", "100000"))
UATS = int(os.environ.get("BENCH_WEBSITE_UATS", "77"))
REPS = int(os.environ.get("BENCH_WEBSITE_REPS", "40"))
TARGET_MS = 100.0
RARE = "Brâncoveanu"  # in a handful of titles
COMMON = "bugetului"  # in one title of five
CEDILLA = "înfiinţarea"  # cedilla ţ; titles are written with the comma-below ț

SUBJECTS = [
    "aprobarea bugetului local pe anul {year}",
    "rectificarea bugetului local",
    "înființarea serviciului public de {service}",
    "aprobarea regulamentului de {service}",
    "stabilirea impozitelor și taxelor locale pentru anul {year}",
    "atribuirea denumirii străzii {name}",
    "concesionarea terenului din strada {name}",
    "aprobarea indicatorilor tehnico-economici pentru {service}",
    "constituirea comisiei de {service}",
    "acordarea titlului de cetățean de onoare domnului {name}",
]
SERVICES = [
    "pază și ordine",
    "salubrizare",
    "iluminat public",
    "transport local",
    "asistență socială",
]
NAMES = [
    "Mihai Eminescu",
    "Ion Creangă",
    "Traian Vuia",
    "George Enescu",
    "Nicolae Bălcescu",
    "Avram Iancu",
]
SECTION_WEIGHTS = [
    (Section.DECISIONS, 45),
    (Section.DISPOSITIONS, 40),
    (Section.FINANCIAL, 8),
    (Section.OTHER, 4),
    (Section.PROCEDURES, 2),
    (Section.STATUTE, 1),
]


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _title(rng: random.Random, year: int, n: int) -> str:
    if n % 5000 == 7:
        return f"privind acordarea titlului de cetățean de onoare domnului Constantin {RARE}"
    return "privind " + rng.choice(SUBJECTS).format(
        year=year, service=rng.choice(SERVICES), name=rng.choice(NAMES)
    )


def _load(schema: str, uat_name: str, count: int, rng: random.Random, today: date) -> int:
    sections = [s for s, _w in SECTION_WEIGHTS]
    weights = [w for _s, w in SECTION_WEIGHTS]
    numbers: dict[tuple[str, int], int] = {}
    acts: list[Act] = []
    now = timezone.now()
    first = today - timedelta(days=5 * 365)
    for n in range(count):
        adopted = first + timedelta(days=rng.randrange((today - first).days))
        section = rng.choices(sections, weights)[0]
        key = (section, adopted.year)
        numbers[key] = numbers.get(key, 0) + 1
        title = _title(rng, adopted.year, n)
        due = prefect_due_for(section=section, adopted_on=adopted)
        communicated = (
            None if due is None or rng.random() < 0.05 else due - timedelta(days=rng.randrange(5))
        )
        act = Act(
            section=section,
            year=adopted.year,
            number=numbers[key],
            adopted_on=adopted,
            title=title,
            kind="normative" if n % 3 else "individual",
            prefect_due=due,
            communicated_on=communicated,
            published_at=now,
        )
        act.search_text = fold(f"{act} {act.reference} {act.number} {title}")
        acts.append(act)
    with schema_context(schema):
        created = Act.objects.bulk_create(acts, batch_size=2000)
        CountyAct.objects.bulk_create(
            [
                CountyAct(
                    schema_name=schema,
                    act_id=act.pk,
                    uat_name=uat_name,
                    section=act.section,
                    year=act.year,
                    number=act.number,
                    kind=act.kind,
                    title=act.title,
                    adopted_on=act.adopted_on,
                    published_at=act.published_at,
                    prefect_due=act.prefect_due,
                    communicated_on=act.communicated_on,
                    path=act.public_path,
                    search_text=fold(f"{uat_name} {act.search_text}"),
                )
                for act in created
            ],
            batch_size=2000,
        )
    return len(created)


NEXT = re.compile(r'<a href="(\?[^"]*)" rel="next">')


def _deep(client: Client, path: str, page: int) -> str:
    """The address of page ``page`` of a list, reached as a reader does: by its "next" links
    (keyset pages: the address carries the last row's key, not a page number)."""
    for _ in range(page - 1):
        found = NEXT.search(client.get(path).content.decode())
        if found is None:
            break
        path = path.split("?", 1)[0] + html.unescape(found.group(1))
    return path


def _offset_against_keyset(page: int, size: int) -> str:
    """The county index's rows of one deep page, by OFFSET (the former pages) and by key."""
    from website.county.selectors import COUNTY_ORDER, CountyFilters, county_acts
    from website.pagination import keyset_page

    rows = county_acts(filters=CountyFilters(), today=timezone.localdate())
    offset = (page - 1) * size
    last = rows[offset - 1 : offset][0]
    params = {"dupa": f"{last.adopted_on.isoformat()}_{last.pk}"}
    timings = {}
    for label, read in [
        ("OFFSET", lambda: list(rows[offset : offset + size])),
        ("keyset", lambda: keyset_page(rows, keys=COUNTY_ORDER, params=params, size=size)),
        ("count", rows.count),
    ]:
        read()
        times = []
        for _ in range(REPS):
            started = time.perf_counter()
            read()
            times.append(time.perf_counter() - started)
        timings[label] = _p(times, 95) * 1000
    return (
        f"  county page {page}, SQL only: rows at OFFSET {offset:,} "
        f"p95 {timings['OFFSET']:.1f} ms; keyset page {timings['keyset']:.1f} ms, "
        f"of which the list's count {timings['count']:.1f} ms"
    )


def _measure(client: Client, path: str) -> dict[str, Any]:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    statements = [
        q
        for q in captured.captured_queries
        if not q["sql"].startswith(("SET search_path", "BEGIN", "COMMIT"))
    ]
    times = []
    for _ in range(REPS):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    return {
        "path": path,
        "status": response.status_code,
        "queries": len(statements),
        "p50": statistics.median(times) * 1000,
        "p95": _p(times, 95) * 1000,
    }


def run() -> None:
    rng = random.Random(20261201)
    today = timezone.localdate()
    started = time.perf_counter()
    schemas = []
    for i in range(UATS):
        slug = f"site-{i:02d}"
        uat_onboard(
            data=OnboardingData(
                official_name=f"Comuna Bench {i:02d}",
                short_name=f"Bench {i:02d}",
                kind="comuna",
                slug=slug,
                siruta=980000 + i,
                admin_email=f"admin@{slug}.example.org",
            )
        )
        schemas.append((slug, slug.replace("-", "_"), f"Comuna Bench {i:02d}"))
    print(f"website: {UATS} UATs onboarded in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    per_uat, extra = divmod(ACTS, UATS)
    total = sum(
        _load(schema, name, per_uat + (1 if i < extra else 0), rng, today)
        for i, (_slug, schema, name) in enumerate(schemas)
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE public.website_county_countyact")
        for _slug, schema, _name in schemas:
            cursor.execute(f'ANALYZE "{schema}".website_act')
    print(f"website: {total:,} acts loaded in {time.perf_counter() - started:.1f} s")

    portal = Client(HTTP_HOST=f"{schemas[0][0]}.{settings.GHISEU_BASE_DOMAIN}")
    county = Client(HTTP_HOST=settings.GHISEU_BASE_DOMAIN)
    groups = [
        (
            f"MOL of one UAT ({per_uat:,} acts)",
            portal,
            "/mol/hotarari/",
            [
                f"/mol/?q={COMMON}",
                f"/mol/?q={RARE}",
                f"/mol/?q={CEDILLA}",
                "/mol/hotarari/?q=taxelor&an=2025&tip=normative",
                _deep(portal, "/mol/hotarari/", 20),
            ],
        ),
        (
            f"county index ({total:,} acts, {UATS} UATs)",
            county,
            "/acte/",
            [
                f"/acte/?q={COMMON}",
                f"/acte/?q={RARE}",
                f"/acte/?q={CEDILLA}",
                "/acte/?prefect=overdue",
                f"/acte/?uat={schemas[5][1]}",
                "/acte/?q=salubrizare&sectiune=hotarari&an=2024",
                _deep(county, "/acte/", 200),
            ],
        ),
    ]
    worst = 0.0
    for title, client, baseline_path, paths in groups:
        baseline = _measure(client, baseline_path)
        print(f"\n{title}")
        print(f"  {'page':<52} {'HTTP':>4} {'SQL':>4} {'p50 ms':>8} {'p95 ms':>8} {'p95 ratio':>9}")
        for row in [baseline, *(_measure(client, path) for path in paths)]:
            ratio = row["p95"] / baseline["p95"]
            worst = max(worst, row["p95"])
            label = row["path"] + ("  (baseline)" if row is baseline else "")
            print(
                f"  {label:<52} {row['status']:>4} {row['queries']:>4} "
                f"{row['p50']:>8.1f} {row['p95']:>8.1f} {ratio:>8.2f}x"
            )
    print(_offset_against_keyset(200, 30))
    verdict = "met" if worst <= TARGET_MS else "MISSED"
    print(f"\nwebsite: slowest p95 {worst:.1f} ms; target {TARGET_MS:.0f} ms {verdict}")
