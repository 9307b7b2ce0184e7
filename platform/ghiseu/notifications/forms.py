from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS
from .models import Channel, Status


class TestConfirmationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Telefon mobil"), max_length=30, required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("email") and not data.get("phone"):
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
