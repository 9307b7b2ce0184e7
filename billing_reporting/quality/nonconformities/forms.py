from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ghiseu.accounts.models import User

TEXT = {"rows": 3, "maxlength": 5000}


def _owners() -> Any:
    return (
        User.objects.filter(is_active=True)
        .exclude(role="county_admin")
        .order_by("full_name", "email")
    )


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name or obj.email} ({obj.get_role_display()})"


class ManualForm(forms.Form):
    title = forms.CharField(label=_("Titlu"), max_length=200)
    description = forms.CharField(
        label=_("Ce s-a constatat"), widget=forms.Textarea(attrs=TEXT), max_length=5000
    )
    department = forms.TypedChoiceField(
        label=_("Compartimentul"), coerce=int, required=False, empty_value=None
    )
    owner = OwnerField(label=_("Responsabil"), queryset=User.objects.none(), required=False)
    case_number = forms.CharField(
        label=_("Cererea în cauză"),
        max_length=40,
        required=False,
        help_text=_("numărul de înregistrare, dacă este cazul"),
    )

    def __init__(self, *args: Any, departments: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(0, "—"), *departments]  # type: ignore[attr-defined]
        self.fields["owner"].queryset = _owners()  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    owner = OwnerField(label=_("Responsabil"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners()  # type: ignore[attr-defined]


class CorrectForm(forms.Form):
    correction = forms.CharField(
        label=_("Corecția: ce s-a făcut imediat"),
        widget=forms.Textarea(attrs=TEXT),
        max_length=5000,
    )


class PlanForm(forms.Form):
    root_cause = forms.CharField(
        label=_("Cauza principală"), widget=forms.Textarea(attrs=TEXT), max_length=5000
    )
    action = forms.CharField(
        label=_("Acțiunea corectivă"), widget=forms.Textarea(attrs=TEXT), max_length=5000
    )
    due = forms.DateField(
        label=_("Termenul acțiunii"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Scrieți o dată validă, de exemplu 2026-12-31.")},
    )


class CheckForm(forms.Form):
    effective = forms.TypedChoiceField(
        label=_("Acțiunea a fost eficace?"),
        choices=[
            ("1", _("Da: cauza a fost eliminată")),
            ("0", _("Nu: este nevoie de altă acțiune")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ce s-a verificat"), widget=forms.Textarea(attrs=TEXT), max_length=5000
    )


class CloseWithoutActionForm(forms.Form):
    root_cause = forms.CharField(
        label=_("Cauza principală"), widget=forms.Textarea(attrs=TEXT), max_length=5000
    )
    reason = forms.CharField(
        label=_("De ce nu este necesară o acțiune corectivă"),
        widget=forms.Textarea(attrs=TEXT),
        max_length=5000,
    )
