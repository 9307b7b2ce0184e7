"""What a UAT offers from the shared catalog, and how (fee, department, term, instructions)."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dms.models import Department
from services_catalog.models import ServiceTemplate


class PaymentTiming(models.TextChoices):
    BEFORE = "before", _("înainte de înregistrare (cererea se înregistrează după plată)")
    AFTER = "after", _("după înregistrare (se lucrează la cerere după plată)")


class PaymentRoute(models.TextChoices):
    CARD = "netopia", _("card bancar, pe loc")
    GHISEUL = "ghiseul", _("ghiseul.ro, cu referința plății")


class Offering(models.Model):
    # A foreign key from a UAT's schema to the shared catalog in the public schema.
    service = models.OneToOneField(ServiceTemplate, on_delete=models.PROTECT, related_name="+")
    is_offered = models.BooleanField(default=True)
    fee_lei = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    # A service with a fee asks for it before or after registration, as the UAT chooses.
    payment_timing = models.CharField(
        max_length=10, choices=PaymentTiming.choices, default=PaymentTiming.AFTER
    )
    payment_route = models.CharField(
        max_length=10, choices=PaymentRoute.choices, default=PaymentRoute.CARD
    )
    # Who receives the requests; none (or a department deleted since): the registratura, which
    # assigns them.
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offerings",
    )
    term_days = models.PositiveSmallIntegerField(null=True, blank=True)  # stricter than the law
    extra_fields = models.JSONField(default=list, blank=True)
    instructions_ro = models.TextField(blank=True)
    instructions_en = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"offer of {self.service_id}"

    @property
    def effective_fee(self) -> object:
        return self.fee_lei if self.fee_lei is not None else self.service.fee_lei

    @property
    def effective_term_days(self) -> int:
        return self.term_days or self.service.term_days

    @property
    def instructions(self) -> str:
        return self.instructions_en if translation.get_language() == "en" else self.instructions_ro
