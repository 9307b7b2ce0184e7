"""Keep the demo's processes running: a Celery worker or beat that dies is started again, after
a pause that doubles with each quick death (1 s, 2 s, 4 s ... at most a minute), while the web
server goes on serving. The web server itself is essential: when it dies, the demo stops."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

FIRST_PAUSE = 1.0
MAX_PAUSE = 60.0
# A process that ran this long before dying is not crash-looping: its pause starts over.
STABLE_AFTER = 60.0


@dataclass
class Child:
    name: str
    command: list[str]
    essential: bool = False  # its death stops everything
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    pause: float = FIRST_PAUSE
    restart_at: float | None = None
    restarts: int = 0


@dataclass
class Supervisor:
    spawn: Callable[[list[str]], subprocess.Popen[bytes]]
    log: Callable[[str], None] = print
    clock: Callable[[], float] = time.monotonic
    children: list[Child] = field(default_factory=list)

    def start(self, child: Child) -> None:
        child.process = self.spawn(child.command)
        child.started_at = self.clock()
        child.restart_at = None
        if child not in self.children:
            self.children.append(child)

    def check(self) -> bool:
        """Look after every child once; False when an essential one died (time to stop)."""
        now = self.clock()
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.restarts += 1
                    self.log(f"restarting the {child.name} (restart {child.restarts})")
                    self.start(child)
                continue
            if child.process is None or child.process.poll() is None:
                continue
            code = child.process.returncode
            if child.essential:
                self.log(f"the {child.name} exited (code {code}); stopping")
                return False
            if now - child.started_at >= STABLE_AFTER:
                child.pause = FIRST_PAUSE
            self.log(f"the {child.name} exited (code {code}); restarting in {child.pause:.0f} s")
            child.restart_at = now + child.pause
            child.pause = min(child.pause * 2, MAX_PAUSE)
        return True

    def processes(self) -> list[subprocess.Popen[Any]]:
        return [child.process for child in self.children if child.process is not None]


def stop_all(processes: list[subprocess.Popen[Any]]) -> None:
    """SIGTERM every process group, then SIGKILL what is still there after 10 s."""
    for process in processes:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                process.terminate()
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
