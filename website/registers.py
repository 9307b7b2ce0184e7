"""The registers the secretary keeps, numbered per year without gaps (OUG 57/2019 art. 197
and Annex 1): draft decisions, adopted decisions, dispositions, the other MOL sections and the
register of proposals received in public consultation.

Like the registry book's counter: the counter row is locked in the transaction that uses the
number, so concurrent registrations wait in turn and a failed one gives its number back."""

from __future__ import annotations

from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class Register(models.TextChoices):
    STATUTE = "statut", _("Registrul actelor privind statutul")
    PROCEDURES = "regulamente", _("Registrul regulamentelor")
    DECISIONS = "hotarari", _("Registrul hotărârilor adoptate")
    DISPOSITIONS = "dispozitii", _("Registrul dispozițiilor")
    FINANCIAL = "financiare", _("Registrul documentelor financiare")
    OTHER = "alte-documente", _("Registrul altor documente")
    DRAFT_DECISIONS = "proiecte", _("Registrul proiectelor de hotărâri")
    PROPOSALS = "propuneri", _("Registrul propunerilor, sugestiilor și opiniilor")


class RegisterCounter(models.Model):
    register = models.CharField(max_length=20, choices=Register.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "website"
        constraints = [
            models.UniqueConstraint(fields=["register", "year"], name="register_counter_once")
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.year}: {self.last_number}"


def register_lock(*, register: str, year: int) -> RegisterCounter:
    """The counter of ``register`` for ``year``, locked until the caller's COMMIT."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock a register inside the transaction that uses its number")
    # INSERT ... ON CONFLICT DO NOTHING: the first registration of a year creates the row,
    # a concurrent one waits on it instead of failing on the unique constraint.
    RegisterCounter.objects.bulk_create(
        [RegisterCounter(register=register, year=year)], ignore_conflicts=True
    )
    return RegisterCounter.objects.select_for_update().get(register=register, year=year)


def register_number_take(*, register: str, year: int) -> int:
    counter = register_lock(register=register, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def register_next_number(*, register: str, year: int) -> int:
    """The number the next registration would get (for the form; not reserved)."""
    last = (
        RegisterCounter.objects.filter(register=register, year=year)
        .values_list("last_number", flat=True)
        .first()
    )
    return (last or 0) + 1
