from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import UATKind, UATStatus


class ColorInput(forms.TextInput):
    input_type = "color"


class UATOnboardingForm(forms.Form):
    """Typing and required fields only: the onboarding service validates everything else."""

    official_name = forms.CharField(
        label=_("Denumire oficială"), max_length=200, help_text=_("De exemplu: Comuna Văliug")
    )
    short_name = forms.CharField(label=_("Denumire scurtă"), max_length=80)
    kind = forms.ChoiceField(label=_("Tip"), choices=UATKind.choices)
    slug = forms.CharField(
        label=_("Subdomeniu"),
        max_length=40,
        help_text=_("Adresa portalului: <subdomeniu>.<domeniul județului>"),
    )
    siruta = forms.IntegerField(label=_("Cod SIRUTA"), min_value=1, max_value=999_999)
    admin_email = forms.EmailField(label=_("E-mailul primului administrator"), max_length=254)
    primary_color = forms.CharField(
        label=_("Culoare principală"), initial="#1f4e79", max_length=7, widget=ColorInput
    )
    secondary_color = forms.CharField(
        label=_("Culoare secundară"), initial="#f2c14e", max_length=7, widget=ColorInput
    )
    coat_of_arms = forms.FileField(
        label=_("Stemă (PNG, JPEG sau WebP, cel mult 1 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    fiscal_code = forms.CharField(
        label=_("Cod de identificare fiscală"), max_length=12, required=False
    )
    address = forms.CharField(label=_("Adresă"), max_length=300, required=False)
    contact_email = forms.EmailField(label=_("E-mail de contact"), required=False)
    contact_phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    opening_hours = forms.CharField(label=_("Program cu publicul"), max_length=200, required=False)
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")


class SmsQuotaForm(forms.Form):
    sms_quota_monthly = forms.IntegerField(
        label=_("Cotă lunară SMS (segmente)"),
        min_value=0,
        max_value=10_000_000,
        required=False,
        help_text=_("Lăsați gol pentru nelimitat. Peste cotă, cetățenii primesc doar e-mail."),
    )


class UATStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Stare nouă"), choices=UATStatus.choices)
    reason = forms.CharField(label=_("Motiv"), max_length=300, required=False)


class StaffTwoFactorResetForm(forms.Form):
    """A county administrator resets a UAT staff member's second factor (a lost device)."""

    user = forms.TypedChoiceField(label=_("Membrul personalului"), coerce=int, choices=())
    reason = forms.CharField(
        label=_("Motivul resetării"),
        max_length=300,
        help_text=_("De exemplu: telefon pierdut, cerere telefonică verificată la nr. ..."),
    )

    def __init__(self, *args: Any, staff: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(member.pk, member.label) for member in staff if member.has_second_factor]
