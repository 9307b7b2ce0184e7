"""The demo's web server (gunicorn, as ``make demo`` runs it) on this run's embedded services.

The benchmark process has already started PostgreSQL and Redis (the test profile's ephemeral
ones); the server joins them through DATABASE_URL / REDIS_URL, runs the ``development``
profile like the demo, and keeps its var directory (outbox, media, static) in a temporary
directory deleted on stop. No Celery worker: notifications are persisted and queued on the
Redis broker, where they wait (delivery is the notifications benchmark's subject).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests
from django.conf import settings

from ghiseu.embedded.redis import free_port

REPO = Path(__file__).resolve().parents[1]
# As demo/runner.py starts it.
WORKERS = 2
THREADS = 4


def _tree_cpu(root: psutil.Process, *, reaped_children: bool = False) -> float:
    times = root.cpu_times()
    total = times.user + times.system
    if reaped_children:  # backends that have exited, accounted to the postmaster
        total += times.children_user + times.children_system
    for child in root.children(recursive=True):
        try:
            child_times = child.cpu_times()
        except psutil.Error:
            continue
        total += child_times.user + child_times.system
    return total


def postgres_cpu_seconds() -> float:
    """CPU of this run's PostgreSQL: its postmaster, live backends and exited ones."""
    datadir = str(settings.DATABASES["default"].get("HOST", ""))
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info.get("cmdline") or []
        if "-D" in cmdline and datadir and datadir in cmdline:
            try:
                return _tree_cpu(proc, reaped_children=True)
            except psutil.Error:
                return 0.0
    return 0.0


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent on anything but idling, since boot."""
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table: the first column left-aligned, the others right-aligned."""
    cells = [headers, *rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = [value.rjust(width) for value, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


class WebServer:
    def __init__(self) -> None:
        self.var_dir = Path(tempfile.mkdtemp(prefix="ghiseu-bench-web-"))
        self.log_path = self.var_dir / "gunicorn.log"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def workers_and_threads(self) -> str:
        return f"{WORKERS} gthread workers x {THREADS} threads"

    def host(self, slug: str) -> str:
        return f"{slug}.{settings.GHISEU_BASE_DOMAIN}:{self.port}"

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.update(
            DJANGO_ENV="development",
            DJANGO_SETTINGS_MODULE="ghiseu.settings",
            DATABASE_URL=os.environ["DATABASE_URL"],
            REDIS_URL=os.environ["REDIS_URL"],
            CELERY_TASK_ALWAYS_EAGER="false",
            GHISEU_VAR_DIR=str(self.var_dir),
            GHISEU_URL_PORT=str(self.port),
            PYTHONPATH=os.pathsep.join([str(REPO / "platform"), str(REPO)]),
        )
        return env

    def start(self) -> None:
        # Files stored in this process (the seeded coats of arms) are served by the server.
        shutil.copytree(settings.MEDIA_ROOT, self.var_dir / "media", dirs_exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "ghiseu.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--worker-class",
            "gthread",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=REPO,
                env=self._env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
            try:
                response = requests.get(
                    f"{self.base_url}/healthz", headers={"Host": "localhost"}, timeout=2
                )
                if response.status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or a worker still importing on a busy machine
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s:\n{self.log_tail()}")

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and its workers so far."""
        if self.process is None:
            return 0.0
        try:
            return _tree_cpu(psutil.Process(self.process.pid))
        except psutil.Error:
            return 0.0

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def log_problems(self) -> list[str]:
        """Lines of the server's log that report an error (access-log lines excluded)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return []
        return [
            line
            for line in text.splitlines()
            if (" ERROR " in line or "Traceback" in line or "[CRITICAL]" in line)
        ]

    def stop(self) -> None:
        process = self.process
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=5)
        shutil.rmtree(self.var_dir, ignore_errors=True)
