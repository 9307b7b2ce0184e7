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
from pathlib import Path
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
