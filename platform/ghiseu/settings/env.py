"""Reading the environment: one django-environ instance; secrets may come from ``<NAME>_FILE``."""

from __future__ import annotations

import os
from pathlib import Path

import environ

env = environ.Env()

# platform/ghiseu/settings/env.py -> repository root
REPO_ROOT = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("GHISEU_VAR_DIR", REPO_ROOT / "var"))

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise environ.ImproperlyConfigured(
        f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}"
    )
IS_PRODUCTION = DJANGO_ENV == "production"
IS_TEST = DJANGO_ENV == "test"


def secret(name: str, default: str | None = None) -> str | None:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (Docker/ECS secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)
