"""PostgreSQL from the ``pgserver`` wheel, on a Unix socket inside its data directory.

pgserver counts the processes holding a handle to a data directory and stops the server when
the last one exits, so several processes (the demo's web, worker and beat) can share one.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

logger = logging.getLogger(__name__)

DATABASE_NAME = "ghiseu"
_servers: dict[str, object] = {}


def start(datadir: Path, *, ephemeral: bool = False) -> str:
    """Start (or join) the embedded server in ``datadir``; return a DATABASE_URL for it.

    ``ephemeral`` deletes the data directory when the last process using it exits (tests).
    """

    # pgserver asks platformdirs for a runtime directory, which root shells often lack.
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
    warnings.filterwarnings("ignore", module="platformdirs")
    import pgserver  # imported here: production never loads it

    datadir.mkdir(parents=True, exist_ok=True)
    key = str(datadir.resolve())
    server = _servers.get(key)
    if server is None:
        server = pgserver.get_server(datadir, cleanup_mode="delete" if ephemeral else "stop")
        _servers[key] = server
    exists = server.psql(  # type: ignore[attr-defined]
        f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # noqa: S608 (a constant)
    )
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")  # type: ignore[attr-defined]
    socket_dir = _socket_dir(server.get_uri())  # type: ignore[attr-defined]
    return f"postgres://postgres@{quote(socket_dir, safe='')}/{DATABASE_NAME}"


def _socket_dir(uri: str) -> str:
    # pgserver's URI looks like postgresql://postgres:@/postgres?host=/path/to/socket-dir
    return uri.split("host=", 1)[1].split("&", 1)[0]


def client_options(db: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """How PostgreSQL's client tools (pg_dump, pg_restore) reach a Django database: their
    connection options, and their environment (the password stays out of the command line)."""
    options = [
        "--host",
        str(db.get("HOST") or "localhost"),
        "--port",
        str(db.get("PORT") or 5432),
        "--username",
        str(db.get("USER") or "postgres"),
        "--dbname",
        str(db["NAME"]),
    ]
    return options, {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}


def pg_dump_path() -> str | None:
    """The pg_dump that matches the embedded server, else the system's one."""
    try:
        with warnings.catch_warnings():
            # platformdirs warns of a runtime directory at import; only a path is wanted here.
            warnings.simplefilter("ignore")
            import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / "pg_dump"
        if bundled.exists() and os.access(bundled, os.X_OK):
            return str(bundled)
    except ImportError:
        pass
    return shutil.which("pg_dump")
