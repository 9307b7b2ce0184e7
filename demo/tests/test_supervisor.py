"""`make demo` outlives its Celery worker and beat: a dead one is started again after a pause
that grows while it keeps dying, and the web server serves on; only the web server's own death
stops the demo."""

from __future__ import annotations

import subprocess
import sys
import time

from demo.supervisor import MAX_PAUSE, Child, Supervisor, stop_all

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
QUITTER = [sys.executable, "-c", "raise SystemExit(3)"]


def spawn(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, start_new_session=True)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def supervise(*children: Child) -> tuple[Supervisor, Clock, list[str]]:
    clock, lines = Clock(), []
    supervisor = Supervisor(spawn=spawn, log=lines.append, clock=clock)
    for child in children:
        supervisor.start(child)
    return supervisor, clock, lines


def settle(process: subprocess.Popen[bytes]) -> None:
    process.wait(timeout=20)


def test_a_killed_worker_is_started_again_and_the_web_server_keeps_running():
    web = Child("web server", SLEEPER, essential=True)
    worker = Child("Celery worker", SLEEPER)
    supervisor, clock, lines = supervise(web, worker)
    try:
        first = worker.process
        first.kill()
        settle(first)
        assert supervisor.check() is True  # the demo goes on
        assert lines == ["the Celery worker exited (code -9); restarting in 1 s"]
        assert worker.process is first  # not yet: it waits its pause
        clock.now += 1
        assert supervisor.check() is True
        assert worker.process is not first and worker.process.poll() is None
        assert web.process.poll() is None  # the web server was never touched
        assert lines[-1] == "restarting the Celery worker (restart 1)"
    finally:
        stop_all(supervisor.processes())


def test_a_worker_that_keeps_dying_waits_longer_each_time_up_to_a_minute():
    beat = Child("Celery beat", QUITTER)
    supervisor, clock, _lines = supervise(beat)
    pauses = []
    try:
        for _ in range(8):
            settle(beat.process)
            assert supervisor.check() is True
            pauses.append(beat.restart_at - clock.now)
            clock.now = beat.restart_at
            supervisor.check()
        assert pauses == [1, 2, 4, 8, 16, 32, MAX_PAUSE, MAX_PAUSE]
        # After a long healthy run, a death is not a crash loop: the pause starts over.
        settle(beat.process)
        clock.now += 3600
        supervisor.check()
        assert beat.restart_at - clock.now == 1
    finally:
        stop_all(supervisor.processes())


def test_the_web_server_dying_stops_the_demo():
    web = Child("web server", QUITTER, essential=True)
    supervisor, _clock, lines = supervise(web, Child("Celery worker", SLEEPER))
    try:
        settle(web.process)
        deadline = time.monotonic() + 5
        while supervisor.check() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lines == ["the web server exited (code 3); stopping"]
    finally:
        stop_all(supervisor.processes())
