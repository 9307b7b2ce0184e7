from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS
from .models import Channel, Status
from .sms import InvalidPhoneNumber, normalize_mobile


class TestConfirmationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Telefon mobil"), max_length=30, required=False)

    def clean_phone(self) -> str:
        value = str(self.cleaned_data.get("phone") or "").strip()
        if not value:
            return ""
        try:
            return normalize_mobile(value)
        except InvalidPhoneNumber as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("email") and not data.get("phone") and not self.errors:
            raise forms.ValidationError(_("Completați e-mailul, telefonul sau amândouă."))
        return data


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Stare"), required=False, choices=[("", _("Toate")), *list(Status.choices)]
    )


class TemplateOverrideForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tip de notificare"))
    channel = forms.ChoiceField(label=_("Canal"), choices=Channel.choices)
    language = forms.ChoiceField(label=_("Limba"), choices=[("ro", "Română"), ("en", "English")])
    subject = forms.CharField(label=_("Subiect (doar e-mail)"), max_length=300, required=False)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [(name, name) for name in sorted(KINDS)]
