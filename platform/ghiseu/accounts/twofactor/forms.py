from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Codul de 6 cifre din aplicație"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )


class RecoveryCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Un cod de recuperare"),
        max_length=32,
        help_text=_("De forma abcd-efgh-ijkl-mnop; fiecare cod se folosește o singură dată."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class PasskeyForm(forms.Form):
    """Filled by static/js/webauthn.js with the browser's answer; a name for the key."""

    name = forms.CharField(
        label=_("Numele cheii (de exemplu: telefonul meu)"), max_length=64, required=False
    )
    credential = forms.CharField(widget=forms.HiddenInput, max_length=64 * 1024)
