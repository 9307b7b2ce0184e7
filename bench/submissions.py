"""Concurrent citizen submissions over HTTP, through the demo's server stack, against a floor.

The county is seeded as ``make demo`` seeds it, then gunicorn serves the project's WSGI app
with the demo's settings (bench/webstack.py). CLIENTS client threads file petitions over
loopback, first all to one UAT, then spread over five:

- whole flows: GET the form, POST it, GET the confirmation page, read the one-time code the
  app wrote in the UAT's notification table (no worker delivers it), POST the code (the
  registering POST: the submission), GET the tracking page;
- a burst of registering POSTs alone, for submissions already waiting for their code.

Registry numbers are then checked per UAT and year: 1..n, no gaps, no duplicates, every
number a client was shown present, nothing registered that no client was shown.

Floor, in the same run: the SQL the registering POST runs (captured in-process on one
registration) replayed by a bare psycopg loop, CLIENTS threads with their own connections,
against the same UATs. Last, each citizen page: bytes of its HTML and of the same-origin
files it links (CSS, JS, images), JavaScript bytes, and its SQL queries (in-process).

BENCH_SUBMISSIONS (default 400) submissions per measurement, BENCH_SUBMISSION_CLIENTS (16).
"""

from __future__ import annotations

import os
import queue
import re
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import psutil
import psycopg
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import sqlreplay
from bench.webstack import WebServer, machine_busy_seconds, postgres_cpu_seconds, table
from demo.seed import seed_county
from ghiseu.celery import app
from tenants.models import UAT

COUNT = int(os.environ.get("BENCH_SUBMISSIONS", "400"))
CLIENTS = int(os.environ.get("BENCH_SUBMISSION_CLIENTS", "16"))
SERVICE = "petitie"
ONE_UAT = ["resita"]
FIVE_UATS = ["caransebes", "anina", "baile-herculane", "bocsa", "moldova-noua"]
SIDE_UAT = "oravita"  # warm-up, SQL capture and page measurements
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
CODE = re.compile(r"\b(\d{6})\b")
TIMEOUT = 60
STEPS = ("form", "form POST", "confirmation", "registering POST", "tracking page")

T = TypeVar("T")
R = TypeVar("R")


def _answers(n: int, email: str) -> dict[str, str]:
    return {
        "full_name": f"Ana Pop {n}",
        "email": email,
        "phone": "0722 123 456",
        "address": "Str. Libertății 1, Reșița",
        "content": "Groapă în carosabil pe strada Libertății, în dreptul numărului 12.",
    }


def _p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _ms(value: float) -> str:
    return f"{value * 1000:,.1f}"


# ---------------------------------------------------------------- the citizens (HTTP clients)


@dataclass
class Filing:
    """One citizen's submission: where, and what the server said at each step."""

    n: int
    slug: str
    schema: str
    email: str
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""
    code: str = ""
    token: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    error: str = ""


class StepFailed(Exception):
    pass


def _emailed_code(conn: psycopg.Connection[Any], schema: str, email: str) -> str:
    """The one-time code as the e-mail the app wrote for ``email`` says it."""
    row = conn.execute(
        f'SELECT body_text FROM "{schema}".notifications_notification '
        "WHERE kind = 'portal.email_code' AND recipient = %s ORDER BY id DESC LIMIT 1",
        [email],
    ).fetchone()
    match = CODE.search(row[0]) if row else None
    if match is None:
        raise StepFailed(f"no e-mail code was written for {email}")
    return match.group(1)


class Citizen:
    """One client thread: a keep-alive HTTP connection and a database connection to read the
    e-mailed code from the notification row (what the citizen's mailbox would show)."""

    def __init__(self, server: WebServer) -> None:
        self.server = server
        self.http = requests.Session()
        self.db = psycopg.connect(sqlreplay.dsn(), autocommit=True)

    def close(self) -> None:
        self.http.close()
        self.db.close()

    def _request(
        self, filing: Filing, step: str, method: str, path: str, expect: int, **kwargs: Any
    ) -> requests.Response:
        self.http.cookies.clear()
        started = time.perf_counter()
        response = self.http.request(
            method,
            self.server.base_url + path,
            headers={"Host": self.server.host(filing.slug)},
            cookies=filing.cookies,
            allow_redirects=False,
            timeout=TIMEOUT,
            **kwargs,
        )
        filing.seconds[step] = time.perf_counter() - started
        filing.cookies.update(response.cookies.get_dict())
        if response.status_code != expect:
            raise StepFailed(f"{step}: HTTP {response.status_code}, expected {expect}")
        return response

    def prepare(self, filing: Filing) -> Filing:
        """Form, submit, confirmation page, code: everything before the registering POST."""
        try:
            base = f"/servicii/{SERVICE}"
            page = self._request(filing, "form", "GET", f"{base}/cerere/", 200).text
            csrf, version = CSRF.search(page), VERSION.search(page)
            if not csrf or not version:
                raise StepFailed("form: no CSRF token or form version in the page")
            filing.csrf = csrf.group(1)
            data = {
                **_answers(filing.n, filing.email),
                "version": version.group(1),
                "csrfmiddlewaretoken": filing.csrf,
            }
            # As a browser sends a multipart form with no file chosen.
            empty_file = {"attachments": ("", b"", "application/octet-stream")}
            sent = self._request(
                filing, "form POST", "POST", f"{base}/cerere/", 302, data=data, files=empty_file
            )
            if not sent.headers.get("Location", "").endswith(f"{base}/confirmare/"):
                raise StepFailed(f"form POST: redirected to {sent.headers.get('Location')}")
            self._request(filing, "confirmation", "GET", f"{base}/confirmare/", 200)
            filing.code = _emailed_code(self.db, filing.schema, filing.email)
        except (StepFailed, requests.RequestException, psycopg.Error) as error:
            filing.error = f"{type(error).__name__}: {error}"
        return filing

    def register(self, filing: Filing) -> Filing:
        """The registering POST; the token of the tracking page it redirects to."""
        if filing.error:
            return filing
        try:
            done = self._request(
                filing,
                "registering POST",
                "POST",
                f"/servicii/{SERVICE}/confirmare/",
                302,
                data={"cod": filing.code, "csrfmiddlewaretoken": filing.csrf},
            )
            match = re.search(r"/cerere/([^/]+)/$", done.headers.get("Location", ""))
            if match is None:
                raise StepFailed(f"registering POST: redirected to {done.headers.get('Location')}")
            filing.token = match.group(1)
        except (StepFailed, requests.RequestException) as error:
            filing.error = f"{type(error).__name__}: {error}"
        return filing

    def track(self, filing: Filing) -> Filing:
        if filing.error:
            return filing
        try:
            self._request(filing, "tracking page", "GET", f"/cerere/{filing.token}/", 200)
        except (StepFailed, requests.RequestException) as error:
            filing.error = f"{type(error).__name__}: {error}"
        return filing

    def whole_flow(self, filing: Filing) -> Filing:
        return self.track(self.register(self.prepare(filing)))


def _parallel(
    items: list[T], make: Callable[[], Any], work: Callable[[Any, T], R], clients: int = CLIENTS
) -> tuple[list[R], float]:
    """``work(worker, item)`` for every item on ``clients`` threads; results and wall seconds.
    The clock starts when every thread is ready."""
    pending: queue.SimpleQueue[T] = queue.SimpleQueue()
    for item in items:
        pending.put(item)
    results: list[R] = []
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)
    failures: list[BaseException] = []

    def loop() -> None:
        worker = make()
        try:
            ready.wait()
            while True:
                try:
                    item = pending.get_nowait()
                except queue.Empty:
                    return
                result = work(worker, item)
                with lock:
                    results.append(result)
        except BaseException as error:  # a bug in the benchmark itself: report it
            failures.append(error)
            raise
        finally:
            worker.close()

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError("a benchmark thread failed") from failures[0]
    return results, elapsed


# ---------------------------------------------------------------- measurements


@dataclass
class Row:
    scenario: str
    what: str
    ok: int
    failed: int
    seconds: float
    latencies: list[float]
    cpu: tuple[float, float, float, float] | None = None  # cores: client, web, db, machine
    errors: list[str] = field(default_factory=list)
    steps: dict[str, float] = field(default_factory=dict)  # median seconds of each step

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


class Cpu:
    """Cores kept busy during a measurement: this process (the clients, or the floor's
    threads), gunicorn, PostgreSQL, and the whole machine (others' load included)."""

    def __init__(self, server: WebServer | None) -> None:
        self.server = server
        self.started = time.perf_counter()
        self.marks = self._now()

    def _now(self) -> tuple[float, float, float, float]:
        serving = self.server.cpu_seconds() if self.server else 0.0
        return time.process_time(), serving, postgres_cpu_seconds(), machine_busy_seconds()

    def spent(self) -> tuple[float, float, float, float]:
        now = self._now()
        elapsed = time.perf_counter() - self.started
        client, serving, database, machine = (
            (b - a) / elapsed for a, b in zip(self.marks, now, strict=True)
        )
        return client, serving, database, machine


def _filings(scenario: str, slugs: list[str], count: int) -> list[Filing]:
    return [
        Filing(
            n=n,
            slug=slugs[n % len(slugs)],
            schema=slugs[n % len(slugs)].replace("-", "_"),
            email=f"{re.sub(r'[^a-z0-9]+', '-', scenario.lower())}-{n}@cetatean.example.org",
        )
        for n in range(count)
    ]


def _errors(filings: list[Filing]) -> list[str]:
    return [f"{f.slug} #{f.n}: {f.error}" for f in filings if f.error]


def _whole_flows(
    server: WebServer, label: str, slugs: list[str], count: int
) -> tuple[list[Row], list[Filing]]:
    cpu = Cpu(server)
    filings, elapsed = _parallel(
        _filings(f"{label}-flow", slugs, count), lambda: Citizen(server), Citizen.whole_flow
    )
    busy = cpu.spent()
    ok = [f for f in filings if not f.error]
    flow = Row(
        label,
        "whole flow (5 requests)",
        len(ok),
        len(filings) - len(ok),
        elapsed,
        [sum(f.seconds.values()) for f in ok],
        busy,
        _errors(filings),
        {step: statistics.median(f.seconds[step] for f in ok) for step in STEPS} if ok else {},
    )
    post = Row(
        label,
        "  its registering POST",
        len(ok),
        len(filings) - len(ok),
        elapsed,
        [f.seconds["registering POST"] for f in ok],
    )
    return [flow, post], filings


def _burst(server: WebServer, label: str, slugs: list[str], count: int) -> tuple[Row, list[Filing]]:
    """Prepare ``count`` submissions (not timed), then only their registering POSTs."""
    prepared, _ = _parallel(
        _filings(f"{label}-burst", slugs, count), lambda: Citizen(server), Citizen.prepare
    )
    cpu = Cpu(server)
    filings, elapsed = _parallel(prepared, lambda: Citizen(server), Citizen.register)
    busy = cpu.spent()
    ok = [f for f in filings if not f.error]
    row = Row(
        label,
        "registering POSTs (burst)",
        len(ok),
        len(filings) - len(ok),
        elapsed,
        [f.seconds["registering POST"] for f in ok],
        busy,
        _errors(filings),
    )
    return row, filings


# ---------------------------------------------------------------- registry numbers


@dataclass
class Numbering:
    schema: str
    entries: int
    expected: int
    years: str
    gaps: int
    duplicates: int
    counter_matches: bool
    shown_missing: int  # tokens shown to clients that the database does not have
    unshown: int  # cases registered that no client was shown (only meaningful for HTTP)


def _stored_tokens(conn: psycopg.Connection[Any], schema: str) -> set[str]:
    rows = conn.execute(f'SELECT tracking_token FROM "{schema}".dms_case').fetchall()
    return {token for (token,) in rows}


def _numbering(schema: str, tokens: set[str] | None) -> Numbering:
    """Check one schema's numbers; ``tokens``: the tracking tokens clients were shown."""
    with psycopg.connect(sqlreplay.dsn(), autocommit=True) as conn:
        rows = conn.execute(
            f'SELECT year, number FROM "{schema}".dms_registryentry',
        ).fetchall()
        counters: dict[int, int] = dict(
            conn.execute(f'SELECT year, last_number FROM "{schema}".dms_registrycounter').fetchall()
        )
        stored = _stored_tokens(conn, schema)
    by_year: dict[int, list[int]] = {}
    for year, number in rows:
        by_year.setdefault(year, []).append(number)
    gaps = duplicates = 0
    counter_matches = set(counters) == set(by_year)
    for year, numbers in by_year.items():
        distinct = set(numbers)
        duplicates += len(numbers) - len(distinct)
        gaps += len(set(range(1, max(distinct) + 1)) - distinct) + len(
            [n for n in distinct if n < 1]
        )
        counter_matches = counter_matches and counters.get(year) == max(distinct)
    return Numbering(
        schema=schema,
        entries=len(rows),
        expected=len(tokens) if tokens is not None else len(rows),
        years=",".join(str(y) for y in sorted(by_year)) or "-",
        gaps=gaps,
        duplicates=duplicates,
        counter_matches=counter_matches,
        shown_missing=len(tokens - stored) if tokens is not None else 0,
        unshown=len(stored - tokens) if tokens is not None else 0,
    )


# ---------------------------------------------------------------- the floor


def _capture_registration(slug: str) -> sqlreplay.Capture:
    """One registration in-process (Django's test client), its SQL recorded."""
    client = Client(HTTP_HOST=f"{slug}.{settings.GHISEU_BASE_DOMAIN}")
    schema = slug.replace("-", "_")
    # A first registration warms this process (templates, holiday tables); the second counts.
    warm = _in_process_prepare(client, schema, "capture-warm@cetatean.example.org")
    client.post(f"/servicii/{SERVICE}/confirmare/", {"cod": warm})
    filing = _in_process_prepare(client, schema, "capture@cetatean.example.org")
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    with sqlreplay.capture(schema, f"{slug}.{settings.GHISEU_BASE_DOMAIN}", session_key) as got:
        response = client.post(f"/servicii/{SERVICE}/confirmare/", {"cod": filing})
    if response.status_code != 302 or "/cerere/" not in response["Location"]:
        raise RuntimeError(f"the captured registration failed: HTTP {response.status_code}")
    return got


def _in_process_prepare(client: Client, schema: str, email: str) -> str:
    page = client.get(f"/servicii/{SERVICE}/cerere/").content.decode()
    version = VERSION.search(page)
    if version is None:
        raise RuntimeError("the form has no version field")
    sent = client.post(
        f"/servicii/{SERVICE}/cerere/", {**_answers(0, email), "version": version.group(1)}
    )
    if sent.status_code != 302:
        raise RuntimeError(f"the in-process form POST failed: HTTP {sent.status_code}")
    with psycopg.connect(sqlreplay.dsn(), autocommit=True) as conn:
        return _emailed_code(conn, schema, email)


class _FloorWorker:
    def __init__(self) -> None:
        self.conn = psycopg.connect(
            sqlreplay.dsn(), autocommit=True, cursor_factory=psycopg.ClientCursor
        )

    def close(self) -> None:
        self.conn.close()


def _floor(
    captured: sqlreplay.Capture, label: str, slugs: list[str], count: int, *, with_set: bool
) -> tuple[Row, dict[str, int]]:
    """``count`` replays of the captured registration, CLIENTS threads with a connection each;
    the row and how many replays committed in each schema."""
    replayer = sqlreplay.Replayer(captured, with_search_path_calls=with_set)
    jobs = []
    tag = f"{label[:3]}{int(with_set)}"
    for n in range(count):
        slug = slugs[n % len(slugs)]
        jobs.append(
            sqlreplay.Job(
                schema=slug.replace("-", "_"),
                host=f"{slug}.{settings.GHISEU_BASE_DOMAIN}",
                session_key=f"benchfloor{tag}{n:018d}",
            )
        )
    with psycopg.connect(sqlreplay.dsn(), autocommit=True) as conn:
        for schema in {job.schema for job in jobs}:
            keys = [job.session_key for job in jobs if job.schema == schema]
            replayer.prepare_sessions(conn, schema, keys)

    def work(worker: _FloorWorker, job: sqlreplay.Job) -> tuple[float, str, str]:
        started = time.perf_counter()
        try:
            replayer.run(worker.conn, job)
        except (psycopg.Error, RuntimeError, KeyError) as error:
            return time.perf_counter() - started, job.schema, f"{type(error).__name__}: {error}"
        return time.perf_counter() - started, job.schema, ""

    cpu = Cpu(None)
    results, elapsed = _parallel(jobs, _FloorWorker, work)
    busy = cpu.spent()
    ok = [seconds for seconds, _schema, error in results if not error]
    committed: dict[str, int] = {}
    for _seconds, schema, error in results:
        if not error:
            committed[schema] = committed.get(schema, 0) + 1
    what = (
        f"floor: {replayer.statement_count} statements as issued"
        if with_set
        else f"floor: bare psycopg, {replayer.statement_count} statements"
    )
    row = Row(
        label,
        what,
        len(ok),
        len(results) - len(ok),
        elapsed,
        ok,
        busy,
        [error for _, _, error in results if error],
    )
    return row, committed


# ---------------------------------------------------------------- citizen pages


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (kind, url)
        self.inline_script = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link" and values.get("href"):
            rel = values.get("rel", "")
            if any(word in rel for word in ("stylesheet", "icon", "preload", "manifest")):
                self.urls.append(
                    ("js" if values.get("as") == "script" else "other", values["href"])
                )
        elif tag == "script":
            self._in_script = True
            if values.get("src"):
                self.urls.append(("js", values["src"]))
        elif tag in {"img", "source", "input"} and values.get("src"):
            self.urls.append(("other", values["src"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline_script += len(data.encode())


@dataclass
class Page:
    name: str
    html: int = 0
    headers: int = 0
    assets: int = 0
    asset_count: int = 0
    js: int = 0
    encoding: str = ""
    status: int = 0
    queries: int = 0
    search_path_calls: int = 0
    cold_queries: int = 0
    asset_problems: list[str] = field(default_factory=list)


def _header_bytes(response: requests.Response) -> int:
    status_line = len(f"HTTP/1.1 {response.status_code} {response.reason}\r\n")
    return status_line + sum(len(f"{k}: {v}\r\n") for k, v in response.headers.items()) + 2


def _page_bytes(server: WebServer, http: requests.Session, host: str, page: Page, path: str) -> str:
    """Fetch the page and every same-origin file it links (CSS url()s included), as a first
    visit with an empty cache would; fill in the byte counts; return the HTML."""
    response = http.get(
        server.base_url + path, headers={"Host": host}, allow_redirects=False, timeout=TIMEOUT
    )
    page.status = response.status_code
    page.html = len(response.content)
    page.headers = _header_bytes(response)
    page.encoding = response.headers.get("Content-Encoding", "")
    links = _Links()
    links.feed(response.text)
    page.js = links.inline_script
    seen: set[str] = set()
    todo = [(kind, urljoin(path, url)) for kind, url in links.urls]
    while todo:
        kind, url = todo.pop(0)
        parts = urlsplit(url)
        if (parts.netloc and parts.netloc != host) or url in seen:
            continue
        seen.add(url)
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        asset = http.get(server.base_url + local, headers={"Host": host}, timeout=TIMEOUT)
        if asset.status_code != 200:
            page.asset_problems.append(f"{local}: HTTP {asset.status_code}")
            continue
        page.assets += len(asset.content) + _header_bytes(asset)
        page.asset_count += 1
        content_type = asset.headers.get("Content-Type", "")
        if kind == "js" or "javascript" in content_type:
            page.js += len(asset.content)
        if "css" in content_type:
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", asset.text):
                if not ref.startswith("data:"):
                    todo.append(("other", urljoin(local, ref)))
    return response.text


def _measure_pages(server: WebServer, slug: str) -> list[Page]:
    host = server.host(slug)
    schema = slug.replace("-", "_")
    base = f"/servicii/{SERVICE}"
    pages = {
        name: Page(name)
        for name in (
            "home",
            "service page",
            "form",
            "confirmation",
            "tracking page",
            "my requests",
            "accessibility",
            "privacy",
        )
    }
    # Bytes: through the server, as a browser on its first visit.
    citizen = Citizen(server)
    filing = Filing(n=0, slug=slug, schema=schema, email="pages@cetatean.example.org")
    citizen.prepare(filing)
    citizen.register(filing)
    if filing.error:
        raise RuntimeError(f"the page measurement's submission failed: {filing.error}")
    citizen.close()
    paths = {
        "home": "/",
        "service page": f"{base}/",
        "form": f"{base}/cerere/",
        "tracking page": f"/cerere/{filing.token}/",
        "my requests": "/cererile-mele/",
        "accessibility": "/accesibilitate/",
        "privacy": "/confidentialitate/",
    }
    with requests.Session() as http:
        for name, path in paths.items():
            _page_bytes(server, http, host, pages[name], path)
    # The confirmation page needs a submission waiting for its code, in the same session.
    with requests.Session() as http:
        http.headers["Host"] = host
        form = http.get(server.base_url + f"{base}/cerere/", timeout=TIMEOUT).text
        csrf, version = CSRF.search(form), VERSION.search(form)
        if not csrf or not version:
            raise RuntimeError("the form has no CSRF token or version")
        http.post(
            server.base_url + f"{base}/cerere/",
            data={
                **_answers(0, "pages2@cetatean.example.org"),
                "version": version.group(1),
                "csrfmiddlewaretoken": csrf.group(1),
            },
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        _page_bytes(server, http, host, pages["confirmation"], f"{base}/confirmare/")
    # Queries: in-process on the same database, a cold and a warm pass.
    for attempt in ("cold", "warm"):
        client = Client(HTTP_HOST=f"{slug}.{settings.GHISEU_BASE_DOMAIN}")
        counted: dict[str, tuple[int, int]] = {}
        for name in ("home", "service page", "form", "my requests", "accessibility", "privacy"):
            counted[name] = _queries(client, "GET", paths[name])
        email = f"pages-{attempt}@cetatean.example.org"
        version_page = client.get(f"{base}/cerere/").content.decode()
        version = VERSION.search(version_page)
        if version is None:
            raise RuntimeError("the form has no version field")
        counted["form POST"] = _queries(
            client, "POST", f"{base}/cerere/", {**_answers(0, email), "version": version.group(1)}
        )
        counted["confirmation"] = _queries(client, "GET", f"{base}/confirmare/")
        code = _code_in_process(schema, email)
        with CaptureQueriesContext(connection) as captured:
            done = client.post(f"{base}/confirmare/", {"cod": code})
        counted["registering POST"] = _split(captured)
        counted["tracking page"] = _queries(client, "GET", done["Location"])
        for name, (queries, set_calls) in counted.items():
            page = pages.setdefault(name, Page(name))
            if attempt == "cold":
                page.cold_queries = queries
            else:
                page.queries, page.search_path_calls = queries, set_calls
    return list(pages.values())


def _split(captured: CaptureQueriesContext) -> tuple[int, int]:
    """Statements sent, without BEGIN/COMMIT (logged by Django, not statements of the app's),
    and apart from them the SET search_path calls."""
    sql = [q["sql"] for q in captured.captured_queries if q["sql"] not in {"BEGIN", "COMMIT"}]
    set_calls = sum(1 for statement in sql if statement.startswith("SET search_path"))
    return len(sql) - set_calls, set_calls


def _queries(
    client: Client, method: str, path: str, data: dict[str, str] | None = None
) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path) if method == "GET" else client.post(path, data or {})
    if response.status_code >= 400:
        raise RuntimeError(f"{method} {path} in-process: HTTP {response.status_code}")
    return _split(captured)


def _code_in_process(schema: str, email: str) -> str:
    with psycopg.connect(sqlreplay.dsn(), autocommit=True) as conn:
        return _emailed_code(conn, schema, email)


# ---------------------------------------------------------------- the run


def _shown(filings: list[Filing], shown: dict[str, set[str]]) -> None:
    for filing in filings:
        if filing.token:
            shown.setdefault(filing.schema, set()).add(filing.token)


def run() -> None:
    # Every simulated citizen comes from 127.0.0.1: the portal's per-client flood guard would
    # stop the benchmark, not a citizen (in-process and in the gunicorn it starts).
    for name in ("PORTAL_CODES_PER_CLIENT_PER_HOUR", "PORTAL_CODES_PER_ADDRESS_PER_HOUR"):
        os.environ[name] = "100000000"
        setattr(settings, name, 100_000_000)
    started = time.perf_counter()
    seed_county()
    slugs = set(UAT.objects.values_list("slug", flat=True))
    missing = {*ONE_UAT, *FIVE_UATS, SIDE_UAT} - slugs
    if missing:
        raise RuntimeError(f"the seed has no UAT {sorted(missing)}")
    server = WebServer()
    # Delivery stays queued in this process too (SQL capture and page queries in-process).
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    rows: list[Row] = []
    # What the seed registered counts as shown (the demo files a request or two itself).
    with psycopg.connect(sqlreplay.dsn(), autocommit=True) as conn:
        shown = {
            slug.replace("-", "_"): _stored_tokens(conn, slug.replace("-", "_"))
            for slug in [*ONE_UAT, *FIVE_UATS]
        }
    try:
        server.start()
        print(
            f"\n== {COUNT} submissions per measurement over HTTP, {CLIENTS} clients, gunicorn "
            f"as the demo runs it ({server.workers_and_threads}) =="
        )
        print(f"seeded and serving in {time.perf_counter() - started:.1f} s")
        # Warm both workers (imports, templates, holiday tables) on a UAT not checked below.
        _parallel(
            _filings("warm", [SIDE_UAT], 2 * CLIENTS), lambda: Citizen(server), Citizen.whole_flow
        )
        for label, uats in (("1 UAT", ONE_UAT), ("5 UATs", FIVE_UATS)):
            flow_rows, flows = _whole_flows(server, label, uats, COUNT)
            burst_row, burst = _burst(server, label, uats, COUNT)
            rows += [*flow_rows, burst_row]
            _shown(flows + burst, shown)
        checked = [
            _numbering(slug.replace("-", "_"), shown.get(slug.replace("-", "_"), set()))
            for slug in [*ONE_UAT, *FIVE_UATS]
        ]
        captured = _capture_registration(SIDE_UAT)
        committed: dict[str, int] = {}
        for label, uats in (("1 UAT", ONE_UAT), ("5 UATs", FIVE_UATS)):
            for with_set in (False, True):
                row, per_schema = _floor(captured, label, uats, COUNT, with_set=with_set)
                rows.append(row)
                for schema, n in per_schema.items():
                    committed[schema] = committed.get(schema, 0) + n
        after_floor = [_numbering(n.schema, None) for n in checked]
        pages = _measure_pages(server, SIDE_UAT)
        problems = server.log_problems()
    finally:
        server.stop()
        app.conf.task_always_eager = eager
    _report(rows, checked, after_floor, committed, pages, problems, captured)
    print(f"(whole benchmark: {time.perf_counter() - started:.0f} s)")


def _report(
    rows: list[Row],
    checked: list[Numbering],
    after_floor: list[Numbering],
    committed: dict[str, int],
    pages: list[Page],
    problems: list[str],
    captured: sqlreplay.Capture,
) -> None:
    floors = {row.scenario: row.rate for row in rows if row.what.startswith("floor: bare psycopg")}
    lines = []
    for row in rows:
        floor = floors.get(row.scenario)
        ratio = ""
        if floor and ("burst" in row.what or row.what.startswith("floor")):
            ratio = f"{row.rate / floor:.2f}x"
        cpu = per_item = ""
        if row.cpu:
            client, serving, database, machine = row.cpu
            web = f"{serving:.2f}" if serving else "-"
            cpu = f"{client:.2f} / {web} / {database:.2f} / {machine:.2f}"
            if serving and row.rate:
                per_item = _ms(serving / row.rate)
        lines.append(
            [
                row.scenario,
                row.what,
                str(row.ok),
                str(row.failed),
                f"{row.rate:,.1f}",
                _ms(statistics.median(row.latencies)) if row.latencies else "-",
                _ms(_p(row.latencies, 95)) if row.latencies else "-",
                ratio,
                cpu,
                per_item,
            ]
        )
    print()
    print(
        table(
            [
                "UATs",
                "measured",
                "ok",
                "failed",
                "per s",
                "p50 ms",
                "p95 ms",
                "/floor",
                "cores: client/web/db/all",
                "web CPU ms each",
            ],
            lines,
        )
    )
    print(
        "per s: completed per wall-clock second (flows, or submissions); /floor: the rate as a "
        "share of the bare psycopg floor of the same UATs; cores: CPU cores kept busy by this "
        "process (clients or floor threads), gunicorn, PostgreSQL, and the whole machine "
        f"({psutil.cpu_count()} cores; what 'all' has beyond the others is outside load); "
        "web CPU ms each: gunicorn's CPU per flow (or per registering POST)"
    )
    print(
        f"floor SQL: {sum(1 for s in captured.statements if s.kind != 'search_path')} statements "
        f"of one registering POST (captured in-process), "
        f"{sum(1 for s in captured.statements if s.kind == 'search_path')} more SET search_path "
        "calls django-tenants adds; 'as issued' replays those too"
    )
    held, in_sql = captured.lock_held()
    print(
        f"one registration in-process holds the registry counter's row lock for {_ms(held)} ms "
        f"(+ COMMIT), {_ms(in_sql)} ms of it in SQL round trips"
    )
    for row in rows:
        if row.steps:
            steps = ", ".join(f"{step} {_ms(seconds)}" for step, seconds in row.steps.items())
            print(f"{row.scenario} whole flow, median ms per step: {steps}")
    for row in rows:
        for error in row.errors[:5]:
            print(f"  FAILED [{row.scenario}, {row.what.strip()}] {error}")
        if len(row.errors) > 5:
            print(f"  ... and {len(row.errors) - 5} more failures")

    print("\n== Registry numbers per UAT and year (after the HTTP runs; after the floor too) ==")
    number_rows = []
    for before, after in zip(checked, after_floor, strict=True):
        number_rows.append(
            [
                before.schema,
                before.years,
                str(before.entries),
                str(before.expected),
                str(before.gaps),
                str(before.duplicates),
                "yes" if before.counter_matches else "NO",
                str(before.shown_missing),
                str(before.unshown),
                f"{after.entries} = {before.entries}+{committed.get(before.schema, 0)}"
                if after.entries == before.entries + committed.get(before.schema, 0)
                else f"{after.entries} != {before.entries}+{committed.get(before.schema, 0)}",
                f"{after.gaps}/{after.duplicates}",
            ]
        )
    print(
        table(
            [
                "schema",
                "year",
                "entries",
                "shown",
                "gaps",
                "dups",
                "counter=max",
                "shown, absent",
                "registered, unshown",
                "after floor",
                "gaps/dups",
            ],
            number_rows,
        )
    )
    bad = [
        n
        for n in [*checked, *after_floor]
        if n.gaps or n.duplicates or not n.counter_matches or n.shown_missing or n.unshown
    ]
    bad += [n for n in checked if n.entries != n.expected]
    print(
        "numbering: OK, 1..n with no gaps and no duplicates; every number shown to a citizen is "
        "registered and nothing else is"
        if not bad
        else f"numbering: PROBLEMS in {sorted({n.schema for n in bad})}"
    )

    print(f"\n== Citizen pages ({SIDE_UAT}): bytes on a first visit, JavaScript, SQL queries ==")
    page_rows = []
    for page in pages:
        queries = str(page.queries)
        if page.cold_queries != page.queries:
            queries += f" (cold {page.cold_queries})"
        fetched = page.status != 0
        page_rows.append(
            [
                page.name,
                f"{page.html:,}" if fetched else "-",
                f"{page.headers:,}" if fetched else "-",
                f"{page.assets:,} ({page.asset_count})" if fetched else "-",
                f"{page.html + page.headers + page.assets:,}" if fetched else "-",
                f"{page.js:,}" if fetched else "-",
                queries,
                str(page.search_path_calls),
            ]
        )
    print(
        table(
            [
                "page",
                "HTML B",
                "headers B",
                "linked files B (n)",
                "total B",
                "JS B",
                "SQL queries",
                "+SET search_path",
            ],
            page_rows,
        )
    )
    encodings = {page.encoding for page in pages if page.status}
    print(
        "HTML is sent "
        + ("uncompressed" if encodings == {""} else f"with {sorted(encodings)}")
        + "; linked files counted with their headers; SQL queries: statements incl. savepoints, "
        "without BEGIN/COMMIT and the SET search_path calls (counted apart)"
    )
    for page in pages:
        if page.status and page.status != 200:
            print(f"  page {page.name}: HTTP {page.status}")
        for problem in page.asset_problems:
            print(f"  page {page.name}: {problem}")
    if problems:
        print(f"\nserver log: {len(problems)} error lines, first ones:")
        for line in problems[:10]:
            print(f"  {line}")
    else:
        print("\nserver log: no errors")
