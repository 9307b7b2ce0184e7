"""Database: DATABASE_URL, else the embedded PostgreSQL (never in production)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import unquote

from .env import IS_PRODUCTION, IS_TEST, VAR_DIR, env, secret

DATABASE_URL_FROM_ENVIRONMENT = bool(secret("DATABASE_URL"))

if not DATABASE_URL_FROM_ENVIRONMENT and not IS_PRODUCTION:
    from ghiseu.embedded import postgres as _embedded_postgres

    if IS_TEST:
        # A throw-away cluster per test run, deleted when the run ends.
        _datadir = Path(tempfile.mkdtemp(prefix="ghiseu-test-pg-"))
        os.environ["DATABASE_URL"] = _embedded_postgres.start(_datadir, ephemeral=True)
    else:
        os.environ["DATABASE_URL"] = _embedded_postgres.start(VAR_DIR / "pgdata")

_database_url = secret("DATABASE_URL") or ""
_database_config = env.db_url_config(_database_url) if _database_url else {}
# A Unix-socket directory travels percent-encoded in the URL's host part.
_database_config["HOST"] = unquote(str(_database_config.get("HOST", "")))
DATABASES = {
    "default": {
        **_database_config,
        "ENGINE": "ghiseu.ops.postgresql",
        # Persistent connections (workers run thousands of short tasks); tests open fresh ones.
        "CONN_MAX_AGE": env.int("DATABASE_CONN_MAX_AGE", default=0 if IS_TEST else 60),
        "CONN_HEALTH_CHECKS": True,
    }
}

# django-tenants sets search_path before every statement unless told to remember it per
# connection; measured on a submission, that doubled its round trips (28 statements + 28 SETs;
# the bare floor lost 14-42%). It still re-sets it on a tenant switch and after a rollback.
TENANT_LIMIT_SET_CALLS = True
