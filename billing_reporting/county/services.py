"""The county's data about its UATs: their population, for the per-1,000 comparisons."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from billing_reporting.models import Population
from ghiseu.accounts.models import User
from ghiseu.audit.services import audit_record

MAX_INHABITANTS = 3_000_000  # more than Bucharest: a typo, not a UAT


@transaction.atomic
def population_set(*, actor: User | None, schema: str, inhabitants: int, source: str) -> Population:
    if not 1 <= inhabitants <= MAX_INHABITANTS:
        raise ValidationError(
            _("Populația este un număr între 1 și 3.000.000 de locuitori."), code="range"
        )
    population, _created = Population.objects.update_or_create(
        schema_name=schema, defaults={"inhabitants": inhabitants, "source": source[:120]}
    )
    audit_record(
        actor=actor,
        action="population.set",
        target=population,
        data={"schema": schema, "inhabitants": inhabitants, "source": source[:120]},
    )
    return population
