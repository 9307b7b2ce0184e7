from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_STATEMENT_BYTES = 5 * 1024 * 1024


class StatementForm(forms.Form):
    statement = forms.FileField(
        label=_("Extrasul plăților primite prin ghiseul.ro (CSV)"),
        help_text=_("Coloanele: data, suma, explicatie (sau detalii), id_tranzactie."),
    )

    def clean_statement(self) -> bytes:
        upload = self.cleaned_data["statement"]
        if upload.size > MAX_STATEMENT_BYTES:
            raise forms.ValidationError(_("Fișierul este prea mare (cel mult 5 MB)."))
        content: bytes = upload.read()
        if b"\x00" in content[:4096]:
            raise forms.ValidationError(_("Fișierul nu este un CSV."))
        return content
