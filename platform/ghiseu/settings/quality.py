"""Quality indicators: the nightly repair's window and the county's fair-comparison rule."""

from __future__ import annotations

from .env import env

# The nightly job recomputes the facts of the cases registered or closed in these last days
# (and of every open case); a full rebuild is `manage.py facts_rebuild`.
QUALITY_FACTS_WINDOW_DAYS = env.int("QUALITY_FACTS_WINDOW_DAYS", default=35)
# The county ranks a UAT only when it received at least this many cases in the period.
QUALITY_RANKING_MIN_CASES = env.int("QUALITY_RANKING_MIN_CASES", default=20)
