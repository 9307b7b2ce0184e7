"""Adding aggregates up: counts add, and percentiles come exactly from the added histograms
of response times (working days are whole numbers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from billing_reporting.facts.services import MEASURE_COLUMNS

# Every measure the aggregates count, as they name them (the histogram adds up apart).
COUNTS = tuple(name for name in MEASURE_COLUMNS if name not in {"response_days", "response_counts"})


def share(part: int, whole: int) -> float | None:
    return None if not whole else 100.0 * part / whole


@dataclass
class Tally:
    received: int = 0
    answered: int = 0
    refused: int = 0
    forwarded: int = 0
    filed: int = 0
    still_open: int = 0
    answered_in_term: int = 0
    closed_late: int = 0
    extended: int = 0
    redirected: int = 0
    response_working_days: int = 0
    response_calendar_days: int = 0
    surveys_sent: int = 0
    surveys_answered: int = 0
    score_total: int = 0
    score_low: int = 0
    score_high: int = 0
    open_overdue: int = 0
    histogram: dict[int, int] = field(default_factory=dict)  # working days: answered

    def add(self, row: dict[str, Any]) -> None:
        # A page adds up each aggregate row four or five times (total, month, service,
        # department, channel): through __dict__, not getattr/setattr, it is several times
        # faster, and the indicators page spent most of its time here.
        counts = self.__dict__
        for name in COUNTS:
            value = row.get(name)
            if value:
                counts[name] += value
        histogram = self.histogram
        for days, count in zip(
            row.get("response_days") or (), row.get("response_counts") or (), strict=True
        ):
            histogram[days] = histogram.get(days, 0) + count

    def percentile(self, fraction: float) -> int | None:
        """The smallest response time (working days) at or below which ``fraction`` of the
        answered cases lie (PostgreSQL's percentile_disc)."""
        total = sum(self.histogram.values())
        if not total:
            return None
        running = 0
        for days in sorted(self.histogram):
            running += self.histogram[days]
            if running >= fraction * total:
                return days
        return max(self.histogram)

    @property
    def median_days(self) -> int | None:
        return self.percentile(0.5)

    @property
    def p90_days(self) -> int | None:
        return self.percentile(0.9)

    @property
    def in_term_share(self) -> float | None:
        return share(self.answered_in_term, self.answered)

    @property
    def mean_working_days(self) -> float | None:
        return None if not self.answered else self.response_working_days / self.answered

    @property
    def response_rate(self) -> float | None:
        return share(self.surveys_answered, self.surveys_sent)

    @property
    def satisfaction(self) -> float | None:
        """The mean score, 1-5."""
        return None if not self.surveys_answered else self.score_total / self.surveys_answered

    @property
    def satisfied_share(self) -> float | None:
        return share(self.score_high, self.surveys_answered)

    def per_thousand(self, inhabitants: int | None) -> float | None:
        return None if not inhabitants else 1000.0 * self.received / inhabitants
