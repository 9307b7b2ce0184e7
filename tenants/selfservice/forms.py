from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..forms import ColorInput


class PortalProfileForm(forms.Form):
    """Typing only: the service validates with the model's own validators."""

    address = forms.CharField(label=_("Adresă"), max_length=300, required=False)
    contact_email = forms.EmailField(label=_("E-mail de contact"), required=False)
    contact_phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    opening_hours = forms.CharField(
        label=_("Program cu publicul"),
        max_length=200,
        required=False,
        help_text=_("De exemplu: Luni–Joi 8–16, Vineri 8–14"),
    )
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Limbile portalului (româna este mereu oferită)"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    primary_color = forms.CharField(label=_("Culoare principală"), max_length=7, widget=ColorInput)
    secondary_color = forms.CharField(label=_("Culoare secundară"), max_length=7, widget=ColorInput)
    two_factor_for_all_staff = forms.BooleanField(
        label=_("Verificare în doi pași pentru tot personalul, nu doar pentru administratori"),
        required=False,
    )


class CoatOfArmsForm(forms.Form):
    coat_of_arms = forms.FileField(
        label=_("Stemă nouă (PNG, JPEG sau WebP, cel mult 1 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )


class DomainClaimForm(forms.Form):
    hostname = forms.CharField(
        label=_("Domeniul instituției"),
        max_length=300,
        help_text=_("De exemplu: ghiseu.primaria-exemplu.ro"),
    )


class DomainDecisionForm(forms.Form):
    note = forms.CharField(label=_("Observații"), max_length=300, required=False)
