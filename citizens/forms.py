from __future__ import annotations

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _


class KeepContactForm(forms.Form):
    email = forms.EmailField(label=_("Adresa de e-mail"), required=False, max_length=254)
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=32)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        try:
            number = phonenumbers.parse(phone, "RO")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(_("Numărul de telefon nu este valid."))
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
