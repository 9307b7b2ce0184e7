from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from billing_reporting.indicators.periods import MonthInput

from .models import PriceList


def _price(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=Decimal(1_000_000),
        max_digits=12,
        decimal_places=4,
        error_messages={
            "invalid": _("Scrieți o sumă în lei, de exemplu 0,05."),
            "required": _("Scrieți prețul (0 dacă nu se facturează)."),
            "min_value": _("Prețurile sunt sume între 0 și 1.000.000 de lei."),
            "max_value": _("Prețurile sunt sume între 0 și 1.000.000 de lei."),
            "max_decimal_places": _("Cel mult 4 zecimale."),
        },
    )


class PriceListForm(forms.Form):
    valid_from = forms.CharField(
        label=_("Valabilă din luna"),
        widget=MonthInput(),
        help_text=_("an-lună, de exemplu 2027-01"),
    )
    per_sms_segment = _price(PriceList._meta.get_field("per_sms_segment").verbose_name)
    per_email = _price(PriceList._meta.get_field("per_email").verbose_name)
    per_gb_month = _price(PriceList._meta.get_field("per_gb_month").verbose_name)
    per_case = _price(PriceList._meta.get_field("per_case").verbose_name)
    fee_judet = _price(PriceList._meta.get_field("fee_judet").verbose_name)
    fee_municipiu = _price(PriceList._meta.get_field("fee_municipiu").verbose_name)
    fee_oras = _price(PriceList._meta.get_field("fee_oras").verbose_name)
    fee_comuna = _price(PriceList._meta.get_field("fee_comuna").verbose_name)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.localize = True
                field.widget.is_localized = True
                field.widget.input_type = "text"
                field.widget.attrs["inputmode"] = "decimal"

    def clean_valid_from(self) -> object:
        from billing_reporting.indicators.periods import parse_month

        month = parse_month(self.cleaned_data.get("valid_from", ""))
        if month is None:
            raise forms.ValidationError(_("Scrieți luna ca an-lună, de exemplu 2027-01."))
        return month


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("Motivul corecției"), max_length=300)
