"""`make demo` end to end: start, serve the county and a portal, stop leaving nothing behind,
and start again in seconds with the seed reused."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest

from ghiseu.embedded.redis import free_port

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo_database_url() -> str:
    server_url = os.environ["DATABASE_URL"]  # the test run's embedded server
    name = f"ghiseu_demo_{os.getpid()}"
    admin = server_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(_libpq(admin), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    yield server_url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(_libpq(admin), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _libpq(url: str) -> str:
    from urllib.parse import unquote

    rest = url.split("@", 1)[1]
    host, dbname = rest.split("/", 1)
    return f"host={unquote(host)} dbname={dbname} user=postgres"


def _get(port: int, host: str, path: str = "/") -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _start(env: dict[str, str]) -> tuple[subprocess.Popen[str], list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "demo"],
        cwd=REPO,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    lines: list[str] = []
    # A liveness bound, not a timing: a loaded 2-core machine takes minutes to migrate and seed.
    deadline = time.monotonic() + 420
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            return process, lines
    _kill_group(process)
    raise AssertionError("the demo did not start:\n" + "".join(lines[-40:]))


def _wait_until_serving(port: int) -> None:
    deadline = time.monotonic() + 60  # a busy 2-core machine starts gunicorn slowly
    while time.monotonic() < deadline:
        try:
            if _get(port, "localhost", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the demo's web server never answered")


def _stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        _kill_group(process)  # a failed run must not leave a web server and workers behind
        raise


def _kill_group(process: subprocess.Popen[str]) -> None:
    """SIGKILL the demo and every process under it (its services run in sessions of their
    own, so a process group would not reach them)."""
    for pid in [*_descendants(process.pid), process.pid]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=10)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [root]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def _processes_mentioning(text: str) -> list[str]:
    result = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()[1:]
    return [line for line in lines if text in line and "ps -eo" not in line]


def test_make_demo_serves_the_county_and_stops_cleanly(tmp_path, demo_database_url):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_ENV="development",
        DATABASE_URL=demo_database_url,
        GHISEU_VAR_DIR=str(tmp_path / "var"),
        GHISEU_DEMO_PORT=str(port),
        GHISEU_URL_PORT=str(port),
        PYTHONPATH=f"{REPO / 'platform'}{os.pathsep}{REPO}",
    )

    process, lines = _start(env)
    try:
        banner = "".join(lines)
        assert "seed: 13 UAT(s) created" in banner
        assert f"http://resita.localhost:{port}/" in banner
        _wait_until_serving(port)
        status, county = _get(port, "localhost")
        assert status == 200 and "Municipiul Reșița" in county and "Comuna Văliug" in county
        status, portal = _get(port, "resita.localhost")
        assert status == 200 and "Ghișeul online — Municipiul Reșița" in portal
        stylesheet = re.search(r'href="(/static/css/ghiseu\.[0-9a-f]{12}\.css)"', portal)
        assert stylesheet and _get(port, "localhost", stylesheet.group(1))[0] == 200
        assert _get(port, "resita.localhost", "/favicon.ico")[0] == 200
        assert _get(port, "resita.localhost", "/stema")[0] == 200
        assert _get(port, "localhost", "/readyz")[0] == 200
        status, sign_in = _get(port, "resita.localhost", "/autentificare/")
        assert status == 200 and "Intră cu e-ID (demo)" in sign_in
        # The demo's provider answers its discovery document: the portal sends the citizen on.
        start = urllib.request.Request(
            f"http://127.0.0.1:{port}/eid/demo/", headers={"Host": "resita.localhost"}
        )
        with pytest.raises(urllib.error.HTTPError) as redirect:
            urllib.request.build_opener(_NoRedirects).open(start, timeout=10)
        assert redirect.value.code == 302
        assert "/auth?" in redirect.value.headers["Location"]
    finally:
        _stop(process)
    time.sleep(1)
    assert _processes_mentioning(str(tmp_path)) == []

    again, lines = _start(env)
    try:
        assert "seed: 0 UAT(s) created, 13 kept" in "".join(lines)
    finally:
        _stop(again)
    assert again.returncode == 0
