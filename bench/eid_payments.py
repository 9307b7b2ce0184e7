"""The e-ID sign-in round trip and the card processor's payment callback, under CLIENTS
concurrent clients, through the demo's server stack (gunicorn, bench/webstack.py), against
a plain page of the same stack in the same run.

- plain page: GET a portal's accessibility statement (no database write, one UAT lookup);
- sign-in round trip: the portal's /eid/demo/ (state, nonce, PKCE, a sign-in row), the local
  OpenID Connect provider's authorization and login pages (the `oidc-provider` npm package),
  the county's callback (code exchange, ID token and userinfo checked, identity recorded, a
  ticket), the ticket redeemed on the portal, the account page;
- payment callback: the processor stand-in's signed notification (RS512 JWT over the body's
  SHA-512) POSTed to the portal; every payment's notification arrives three times (a fresh
  copy and two repeats), and each payment must end paid exactly once.

BENCH_EID_SIGN_INS (default 160) round trips, BENCH_EID_CALLBACKS (480) callbacks,
BENCH_EID_CLIENTS (16) clients.
"""

from __future__ import annotations

import os
import queue
import re
import statistics
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django_tenants.utils import schema_context

from bench.webstack import WebServer, table
from standins import eid_provider
from standins.netopia import PAYING_CARD, serve_in_thread

SIGN_INS = int(os.environ.get("BENCH_EID_SIGN_INS", "160"))
CALLBACKS = int(os.environ.get("BENCH_EID_CALLBACKS", "480"))
CLIENTS = int(os.environ.get("BENCH_EID_CLIENTS", "16"))
SLUG = "bench-eid"
CLIENT_ID, SECRET = "ghiseu-bench", "bench-secret-0123456789"
API_KEY, POS = "bench-api-key", "BNCH-POS0-SIGN-2026"
FORM_ACTION = re.compile(r'<form method="post" action="([^"]+)"')


def _p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


class Browser:
    """A citizen's browser over loopback: *.localhost hosts are sent to 127.0.0.1 with their
    Host header, and cookies are kept per host, as a browser keeps them."""

    def __init__(self) -> None:
        self.http = requests.Session()
        self.cookies: dict[str, dict[str, str]] = {}
        self.url = ""  # the address as the citizen's browser shows it

    def request(
        self, method: str, url: str, data: dict[str, str] | None = None
    ) -> requests.Response:
        self.url = url
        parts = urlsplit(url)
        host = parts.netloc
        target = url.replace(f"//{host}", f"//127.0.0.1:{parts.port}", 1) if parts.port else url
        response = self.http.request(
            method,
            target,
            data=data,
            headers={"Host": host},
            cookies=self.cookies.get(host, {}),
            allow_redirects=False,
            timeout=30,
        )
        self.cookies.setdefault(host, {}).update(response.cookies.get_dict())
        self.http.cookies.clear()
        return response

    def follow(self, url: str) -> requests.Response:
        response = self.request("GET", url)
        for _hop in range(12):
            if response.status_code not in (301, 302, 303):
                return response
            url = urljoin(url, response.headers["Location"])
            response = self.request("GET", url)
        return response


def _sign_in(portal: str) -> float:
    browser = Browser()
    started = time.perf_counter()
    login_page = browser.follow(f"{portal}/eid/demo/?next=/contul-meu/")
    action = FORM_ACTION.search(login_page.text)
    if login_page.status_code != 200 or action is None:
        raise RuntimeError(f"no login page: {login_page.status_code}")
    login_url = urljoin(browser.url, action.group(1))
    response = browser.request("POST", login_url, data={"account": "ion-popescu"})
    url = urljoin(login_url, response.headers["Location"])
    account = browser.follow(url)
    if account.status_code != 200 or "Ion Popescu" not in account.text:
        raise RuntimeError(f"not signed in: {account.status_code} {browser.url}")
    return time.perf_counter() - started


def _parallel(jobs: list[Callable[[], float]]) -> tuple[list[float], list[str], float]:
    work: queue.Queue[Callable[[], float]] = queue.Queue()
    for job in jobs:
        work.put(job)
    seconds: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def loop() -> None:
        while True:
            try:
                job = work.get_nowait()
            except queue.Empty:
                return
            try:
                took = job()
            except Exception as error:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(str(error)[:200])
                continue
            with lock:
                seconds.append(took)

    threads = [threading.Thread(target=loop) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return seconds, errors, time.perf_counter() - started


def _timed_get(url: str, host: str) -> Callable[[], float]:
    def job() -> float:
        started = time.perf_counter()
        response = requests.get(url, headers={"Host": host}, timeout=30)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")
        return time.perf_counter() - started

    return job


def _timed_callback(url: str, host: str, body: str, token: str) -> Callable[[], float]:
    def job() -> float:
        started = time.perf_counter()
        response = requests.post(
            url,
            data=body.encode(),
            headers={"Host": host, "Verification-token": token, "Content-Type": "application/json"},
            timeout=30,
        )
        if response.status_code != 200 or response.json().get("errorType") != 0:
            raise RuntimeError(f"callback: {response.status_code} {response.text[:100]}")
        return time.perf_counter() - started

    return job


def _uat() -> Any:
    from tenants.models import UAT
    from tenants.services import OnboardingData, uat_onboard

    existing = UAT.objects.filter(slug=SLUG).first()
    return existing or uat_onboard(
        data=OnboardingData(
            official_name="Comuna Bench",
            short_name="Bench",
            kind="comuna",
            slug=SLUG,
            siruta=990099,
            admin_email="admin@bench.example.org",
            primary_color="#1d4ed8",
            secondary_color="#f2c14e",
            contact_email="registratura@bench.example.org",
            opening_hours="Luni–Vineri 8–16",
        )
    )


def _payments(schema: str, processor: Any, count: int) -> list[tuple[str, str]]:
    """``count`` paid card payments at the processor, their notifications signed, not sent."""
    from payments.services import payment_checkout, payment_require

    ntp_ids = []
    with schema_context(schema):
        for n in range(count):
            payment = payment_require(
                purpose=f"bench:{n}",
                provider="netopia",
                amount=Decimal("25.00"),
                description="Certificat de urbanism",
            )
            url = payment_checkout(payment=payment, return_url="http://x/", notify_url="http://x/")
            requests.post(url, data={"card": PAYING_CARD}, allow_redirects=False, timeout=10)
            ntp_ids.append(url.rsplit("/", 1)[-1])
    notes = []
    for ntp_id in ntp_ids:
        ipn = requests.get(f"{processor.base_url}/__ipn/{ntp_id}", timeout=10).json()
        notes.append((ipn["body"], ipn["token"]))
    return notes


def run() -> None:
    uat = _uat()
    schema = uat.schema_name
    processor = serve_in_thread(api_key=API_KEY, pos_signature=POS)
    processor.processor.behaviour = {"callbacks": "never"}  # the benchmark sends them
    server = WebServer()
    provider = eid_provider.start(
        clients=[
            {
                "client_id": CLIENT_ID,
                "client_secret": SECRET,
                "redirect_uris": [f"http://localhost:{server.port}/eid/revenire/"],
            }
        ]
    )
    environment = {
        "EID_PROVIDERS": "demo",
        "EID_DEMO_ISSUER": provider.issuer,
        "EID_DEMO_CLIENT_ID": CLIENT_ID,
        "EID_DEMO_CLIENT_SECRET": SECRET,
        "EID_DEMO_SCOPES": "openid profile address cnp",
        "NETOPIA_API_URL": processor.processor.base_url,
        "NETOPIA_API_KEY": API_KEY,
        "NETOPIA_POS_SIGNATURE": POS,
        "NETOPIA_PUBLIC_KEY": processor.processor.public_pem,
    }
    os.environ.update(environment)
    for name in (
        "NETOPIA_API_URL",
        "NETOPIA_API_KEY",
        "NETOPIA_POS_SIGNATURE",
        "NETOPIA_PUBLIC_KEY",
    ):
        setattr(settings, name, environment[name])
    rows: list[list[str]] = []
    try:
        server.start()
        host = server.host(SLUG)
        portal = f"http://{host}"
        notes = _payments(schema, processor.processor, max(1, CALLBACKS // 3))
        for _warm in range(3):
            _sign_in(portal)
        plain, plain_errors, plain_wall = _parallel(
            [_timed_get(f"{server.base_url}/accesibilitate/", host)] * max(SIGN_INS, CALLBACKS)
        )
        trips, trip_errors, trip_wall = _parallel([lambda: _sign_in(portal)] * SIGN_INS)
        url = f"{server.base_url}/plati/netopia/notificare/"
        jobs = [_timed_callback(url, host, body, token) for body, token in notes for _ in range(3)]
        callbacks, callback_errors, callback_wall = _parallel(jobs)
        base = _p(plain, 95)
        for label, values, errors, wall in (
            ("plain page (accessibility statement)", plain, plain_errors, plain_wall),
            ("e-ID sign-in round trip", trips, trip_errors, trip_wall),
            ("payment callback (each 3x)", callbacks, callback_errors, callback_wall),
        ):
            rows.append(
                [
                    label,
                    str(len(values)),
                    str(len(errors)),
                    f"{len(values) / wall:,.1f}",
                    f"{_p(values, 50) * 1000:,.1f}",
                    f"{_p(values, 95) * 1000:,.1f}",
                    f"{_p(values, 95) / base:,.1f}x",
                ]
            )
        with schema_context(schema):
            from payments.models import Payment, PaymentEvent

            paid = Payment.objects.filter(purpose__startswith="bench:", state="paid").count()
            paid_events = PaymentEvent.objects.filter(
                payment__purpose__startswith="bench:", to_state="paid"
            ).count()
        errors = trip_errors[:3] + callback_errors[:3]
    finally:
        server.stop()
        provider.stop()
        processor.shutdown()
    print()
    print(f"e-ID sign-in and payment callbacks, {CLIENTS} clients, {server.workers_and_threads}")
    print(
        table(
            ["measurement", "n", "errors", "per s", "p50 ms", "p95 ms", "p95 / plain p95"],
            rows,
        )
    )
    print(f"payments paid: {paid} of {len(notes)}; 'paid' transitions recorded: {paid_events}")
    for error in errors:
        print("  error:", error)
