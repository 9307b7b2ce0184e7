"""A UAT's departments (compartimente) and who works in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    name = models.CharField(_("denumire"), max_length=120, unique=True)
    # The head of department gets the escalations of overdue cases.
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("șef de compartiment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="headed_departments",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membri"),
        blank=True,
        related_name="departments",
    )
    is_active = models.BooleanField(_("activ"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Two names that differ only in case would be one department to the people who
            # choose among them (and to the defaults, matched that way).
            models.UniqueConstraint(Lower("name"), name="department_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name
