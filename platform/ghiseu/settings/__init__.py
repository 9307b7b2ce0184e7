"""Settings, split by concern; every external setting comes from the environment.

DJANGO_ENV selects the profile: ``development`` (default: embedded PostgreSQL and Redis start
when DATABASE_URL / REDIS_URL are unset), ``test`` (ephemeral embedded services per run) and
``production`` (refuses to start on any embedded default).
"""

from .accounts import *  # noqa: F403
from .base import *  # noqa: F403
from .cache_celery import *  # noqa: F403
from .database import *  # noqa: F403
from .eid import *  # noqa: F403
from .email import *  # noqa: F403
from .logging import *  # noqa: F403
from .notifications import *  # noqa: F403
from .payments import *  # noqa: F403
from .production import enforce_production_requirements
from .quality import *  # noqa: F403
from .security import *  # noqa: F403
from .sentry import *  # noqa: F403
from .storage import *  # noqa: F403

enforce_production_requirements(globals())
