"""Forms of the county console's catalog pages: typing and required fields only; the catalog
services (services.py) check the rest and say what is wrong."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from tenants.models import UATKind

from .models import Category, ServiceTemplate, TermUnit

YES_NO = [("1", _("Da")), ("0", _("Nu"))]
MAX_SCHEMA_CHARS = 100_000


def _yes_no(label: Any, **kwargs: Any) -> forms.TypedChoiceField:
    # A select rather than a checkbox: it states both answers, and works alike on every phone.
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda value: value == "1", **kwargs
    )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class ServiceTemplateForm(forms.Form):
    title_ro = forms.CharField(label=_("Titlu (română)"), max_length=200)
    title_en = forms.CharField(label=_("Titlu (engleză)"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Categorie"), queryset=Category.objects.all(), empty_label=None
    )
    description_ro = forms.CharField(
        label=_("Descriere (română)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    description_en = forms.CharField(
        label=_("Descriere (engleză)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    legal_basis = forms.CharField(label=_("Temei legal"), max_length=300)
    uat_kinds = forms.MultipleChoiceField(
        label=_("Tipuri de UAT care oferă serviciul"),
        choices=UATKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    term_days = forms.IntegerField(label=_("Termen de soluționare (zile)"), min_value=1)
    term_unit = forms.ChoiceField(label=_("Termenul se socotește în"), choices=TermUnit.choices)
    extension_allowed = _yes_no(_("Termenul se poate prelungi"))
    extension_days = forms.IntegerField(
        label=_("Prelungire de cel mult (zile)"),
        min_value=0,
        max_value=365,
        required=False,
        help_text=_("Doar dacă termenul se poate prelungi."),
    )
    required_documents_ro = forms.CharField(
        label=_("Documente necesare (română)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Câte un document pe rând."),
    )
    required_documents_en = forms.CharField(
        label=_("Documente necesare (engleză)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Aceleași documente, în aceeași ordine, câte unul pe rând."),
    )
    fee_lei = forms.DecimalField(
        label=_("Taxă (lei)"), min_value=0, max_digits=10, decimal_places=2
    )
    fee_note_ro = forms.CharField(
        label=_("Explicația taxei (română)"), max_length=300, required=False
    )
    fee_note_en = forms.CharField(
        label=_("Explicația taxei (engleză)"), max_length=300, required=False
    )
    outcome_ro = forms.CharField(label=_("Ce primește cetățeanul (română)"), max_length=300)
    outcome_en = forms.CharField(label=_("Ce primește cetățeanul (engleză)"), max_length=300)
    archive_code = forms.CharField(
        label=_("Indicativ de arhivă sugerat"), max_length=30, required=False
    )
    is_active = _yes_no(
        _("Serviciul este activ"),
        help_text=_("Un serviciu retras nu mai apare pe niciun portal; cererile depuse rămân."),
    )

    GROUPS = (
        (_("Descriere"), ("title_ro", "title_en", "category", "description_ro", "description_en")),
        (
            _("Temei și termen"),
            ("legal_basis", "term_days", "term_unit", "extension_allowed", "extension_days"),
        ),
        (
            _("Documente și taxă"),
            (
                "required_documents_ro",
                "required_documents_en",
                "fee_lei",
                "fee_note_ro",
                "fee_note_en",
            ),
        ),
        (_("Rezultat și arhivă"), ("outcome_ro", "outcome_en", "archive_code")),
        (_("Disponibilitate"), ("uat_kinds", "is_active")),
    )

    @classmethod
    def for_service(cls, service: ServiceTemplate, data: Any = None) -> ServiceTemplateForm:
        initial = {
            name: getattr(service, name)
            for name in cls.base_fields
            if name not in {"extension_allowed", "required_documents_ro", "required_documents_en"}
        }
        initial.update(
            extension_allowed="1" if service.extension_days else "0",
            is_active="1" if service.is_active else "0",
            required_documents_ro="\n".join(service.required_documents_ro),
            required_documents_en="\n".join(service.required_documents_en),
        )
        return cls(data, initial=initial)

    def groups(self) -> list[tuple[Any, list[BoundField]]]:
        return [(heading, [self[name] for name in names]) for heading, names in self.GROUPS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("extension_allowed") is True and not data.get("extension_days"):
            self.add_error("extension_days", _("Dați numărul de zile cu care se poate prelungi."))
        return data

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as the catalog service takes them."""
        data = dict(self.cleaned_data)
        if not data.pop("extension_allowed"):
            data["extension_days"] = 0
        data["extension_days"] = data["extension_days"] or 0
        for name in ("required_documents_ro", "required_documents_en"):
            data[name] = _lines(data[name])
        return data


class VersionPublishForm(forms.Form):
    form_schema = forms.CharField(
        label=_("Câmpurile formularului (JSON)"),
        max_length=MAX_SCHEMA_CHARS,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        help_text=_(
            "O listă de câmpuri, fiecare cu name, type și label în română și engleză. "
            "Cererile depuse rămân cu versiunea cu care au fost completate."
        ),
    )

    def clean_form_schema(self) -> Any:
        text = self.cleaned_data["form_schema"]
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Textul nu este JSON valid (linia %(line)s, coloana %(column)s)."),
                code="invalid_json",
                params={"line": error.lineno, "column": error.colno},
            ) from None
        except RecursionError:  # deeply nested arrays: refused, never a 500
            raise forms.ValidationError(
                _("Textul nu este JSON valid."), code="invalid_json"
            ) from None

    @staticmethod
    def text_of(schema: Any) -> str:
        return json.dumps(schema, ensure_ascii=False, indent=2)
