"""Surveys and nonconformities, in each UAT's schema; one module per subdomain."""

from .nonconformities.models import Nonconformity, NonconformitySource, NonconformityState
from .surveys.models import Survey, SurveyReason

__all__ = [
    "Nonconformity",
    "NonconformitySource",
    "NonconformityState",
    "Survey",
    "SurveyReason",
]
