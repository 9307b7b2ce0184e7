"""The UAT administrator's form for one offered service."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dms.models import Department
from services_catalog.models import ServiceTemplate

from .models import Offering, PaymentRoute, PaymentTiming

EXTRA_FIELDS_MAX_CHARS = 20_000


class OfferingForm(forms.Form):
    """Parses the input only; the limits (term, fee, extra fields) are the service's to check,
    so a script calling the service meets the same rules."""

    is_offered = forms.BooleanField(
        label=gettext_lazy("Instituția oferă acest serviciu online"), required=False
    )
    fee_lei = forms.DecimalField(
        label=gettext_lazy("Taxa (lei)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        localize=True,  # "25,50" as written in Romanian, not only "25.50"
        error_messages={"invalid": gettext_lazy("Scrieți taxa ca număr, de exemplu 25,50.")},
    )
    # Not sent by an older form or a script: the defaults (after registration, by card).
    payment_timing = forms.TypedChoiceField(
        label=gettext_lazy("Când se plătește taxa"),
        choices=PaymentTiming.choices,
        required=False,
        empty_value=PaymentTiming.AFTER,
    )
    payment_route = forms.TypedChoiceField(
        label=gettext_lazy("Cum se plătește taxa"),
        choices=PaymentRoute.choices,
        required=False,
        empty_value=PaymentRoute.CARD,
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(),
        to_field_name="name",
        empty_label=gettext_lazy("— registratura repartizează —"),
        label=gettext_lazy("Compartimentul care primește cererile"),
        required=False,
        help_text=gettext_lazy(
            "Fără compartiment, cererile ajung la registratură, care le repartizează."
        ),
    )
    term_days = forms.IntegerField(
        label=gettext_lazy("Termen de răspuns (zile)"),
        required=False,
        error_messages={
            "invalid": gettext_lazy("Scrieți termenul ca număr de zile, de exemplu 15.")
        },
    )
    instructions_ro = forms.CharField(
        label=gettext_lazy("Indicații pentru cetățeni (română)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    instructions_en = forms.CharField(
        label=gettext_lazy("Indicații pentru cetățeni (engleză)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    extra_fields = forms.CharField(
        label=gettext_lazy("Câmpuri suplimentare ale formularului (JSON)"),
        max_length=EXTRA_FIELDS_MAX_CHARS,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "autocapitalize": "off"}),
        help_text=gettext_lazy(
            'O listă de câmpuri, în formatul din catalog, de exemplu: [{"name": "nr_cadastral", '
            '"type": "text", "label": {"ro": "Număr cadastral", "en": "Cadastral number"}, '
            '"required": true}]. Lăsați gol dacă nu cereți nimic în plus.'
        ),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        service: ServiceTemplate,
        offering: Offering | None,
    ) -> None:
        super().__init__(data, initial=_initial(offering))
        # A choice of this UAT's active departments; the current one stays selectable even if
        # it was closed since.
        current = offering.department_id if offering is not None else None
        cast(
            forms.ModelChoiceField, self.fields["department"]
        ).queryset = Department.objects.filter(Q(is_active=True) | Q(pk=current)).order_by("name")
        unit = service.get_term_unit_display()
        self.fields["fee_lei"].help_text = _(
            "Lăsați gol pentru taxa din catalog (%(fee)s lei)."
        ) % {"fee": formats.number_format(service.fee_lei, 2)}
        self.fields["term_days"].help_text = _(
            "Cel mult termenul legal: %(days)s %(unit)s. Lăsați gol pentru termenul legal."
        ) % {"days": service.term_days, "unit": unit}
        # Hints for the browser only (the form is sent with novalidate); the service decides.
        self.fields["term_days"].widget.attrs.update({"min": 1, "max": service.term_days})
        self.fields["fee_lei"].widget.attrs.update({"inputmode": "decimal"})

    def clean_extra_fields(self) -> list[Any]:
        text = self.cleaned_data["extra_fields"]
        if not text:
            return []
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Textul nu este JSON valid (linia %(line)s, coloana %(column)s).")
                % {"line": error.lineno, "column": error.colno},
                code="invalid_json",
            ) from None
        if not isinstance(value, list):
            raise forms.ValidationError(
                _("Câmpurile suplimentare trebuie date ca o listă JSON: [ {...}, {...} ]."),
                code="not_a_list",
            )
        return value


def _initial(offering: Offering | None) -> dict[str, Any]:
    if offering is None:
        return {"is_offered": False, "payment_timing": "after", "payment_route": "netopia"}
    return {
        "is_offered": offering.is_offered,
        "fee_lei": offering.fee_lei,
        "payment_timing": offering.payment_timing,
        "payment_route": offering.payment_route,
        "department": offering.department.name if offering.department else None,
        "term_days": offering.term_days,
        "instructions_ro": offering.instructions_ro,
        "instructions_en": offering.instructions_en,
        "extra_fields": (
            json.dumps(offering.extra_fields, ensure_ascii=False, indent=2)
            if offering.extra_fields
            else ""
        ),
    }
