"""Settings for mypy's Django plugin: it needs the apps and models, never a running service."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://typecheck@localhost:5432/typecheck")
os.environ.setdefault("REDIS_URL", "redis://localhost:6379/0")

from ghiseu.settings import *  # noqa: F403
