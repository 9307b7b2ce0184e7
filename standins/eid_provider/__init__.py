"""Starting the local e-ID provider (server.mjs, on the `oidc-provider` npm package) for the
tests and the demo. ``scripts/ensure-node-deps`` installs its packages first."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class RunningProvider:
    process: subprocess.Popen[str]
    issuer: str
    port: int

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start(
    *,
    clients: list[dict[str, object]],
    port: int = 0,
    jwks: dict[str, object] | None = None,
    tamper: bool = False,
    timeout: float = 60.0,  # a liveness bound: node starts slowly on a loaded machine
) -> RunningProvider:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError("the local e-ID provider needs node and `scripts/ensure-node-deps`")
    environment = {
        **os.environ,
        "EID_PROVIDER_PORT": str(port),
        "EID_PROVIDER_CLIENTS": json.dumps(clients),
        "EID_PROVIDER_TAMPER": "1" if tamper else "0",
        "NODE_NO_WARNINGS": "1",
    }
    if jwks is not None:
        environment["EID_PROVIDER_JWKS"] = json.dumps(jwks)
    process = subprocess.Popen(  # noqa: S603
        [node, str(HERE / "server.mjs")],
        cwd=HERE,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("ready "):
            _, actual_port, issuer = line.split()
            return RunningProvider(process=process, issuer=issuer, port=int(actual_port))
        if not line and process.poll() is not None:
            break
    process.kill()
    raise RuntimeError("the local e-ID provider did not start")
