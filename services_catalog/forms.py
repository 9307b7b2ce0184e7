from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EmailLookupForm(forms.Form):
    email = forms.EmailField(label=_("Adresa de e-mail folosită în cereri"), max_length=254)
