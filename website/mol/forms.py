"""Forms of the MOL's staff pages and its public filters. They check the input's shape; the
services decide the rest (the register's next number, dates against the adoption)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from website.forms import DateField, PdfField

from .models import ActKind, RelationKind, Section
from .selectors import STATUSES, ActFilters

MAX_QUERY = 100


class ActRegisterForm(forms.Form):
    section = forms.ChoiceField(label=_("Secțiunea"), choices=Section.choices)
    number = forms.IntegerField(
        label=_("Numărul"),
        required=False,
        min_value=1,
        max_value=999_999,
        help_text=_("Lăsați gol pentru următorul număr din registru."),
    )
    adopted_on = DateField(label=_("Data adoptării sau emiterii"))
    title = forms.CharField(label=_("Titlul"), max_length=500)
    kind = forms.ChoiceField(
        label=_("Caracterul actului"), choices=ActKind.choices, widget=forms.RadioSelect
    )
    in_force_on = DateField(label=_("Intră în vigoare la"), required=False)
    pdf = PdfField(label=_("Actul semnat (PDF)"))
    publish = forms.BooleanField(
        label=_("Publică imediat în Monitorul Oficial Local"), required=False
    )


class ActEditForm(forms.Form):
    title = forms.CharField(label=_("Titlul"), max_length=500)
    kind = forms.ChoiceField(
        label=_("Caracterul actului"), choices=ActKind.choices, widget=forms.RadioSelect
    )
    in_force_on = DateField(label=_("Intră în vigoare la"), required=False)


class CommunicateForm(forms.Form):
    communicated_on = DateField(label=_("Data comunicării către prefect"))


class AnnexForm(forms.Form):
    title = forms.CharField(label=_("Denumirea anexei"), max_length=200)
    pdf = PdfField(label=_("Anexa (PDF)"))


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Acest act"), choices=RelationKind.choices)
    target_section = forms.ChoiceField(label=_("Secțiunea actului vizat"), choices=Section.choices)
    target_reference = forms.CharField(
        label=_("Numărul actului vizat"), max_length=20, help_text=_("de forma 12/2025")
    )


def _year(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


def filters_from(params: Any, *, section: str = "", staff: bool = False) -> ActFilters:
    """Filters read leniently from a query string: anything unknown is simply ignored."""
    kind = params.get("tip", "")
    status = params.get("stare", "")
    prefect = params.get("prefect", "") if staff else ""
    chosen = params.get("sectiune", "") if not section else section
    return ActFilters(
        section=chosen if chosen in Section.values else "",
        query=params.get("q", "")[:MAX_QUERY],
        year=_year(params.get("an", "")),
        kind=kind if kind in ActKind.values else "",
        status=status if status in STATUSES else "",
        prefect=prefect if prefect in {"overdue", "open"} else "",
    )
