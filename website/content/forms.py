"""Forms of the staff's editor for announcements and pages (a textarea whose HTML nh3
sanitizes on the server; an optional toolbar script only inserts tags)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from website.documents import file_check_any
from website.forms import DateField, RichTextField

from .models import PUBLIC_INFORMATION_PARTS, Category


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Titlul"), max_length=300)
    category = forms.ChoiceField(label=_("Categoria"), choices=Category.choices)
    summary = forms.CharField(
        label=_("Pe scurt (apare în liste și în descrierea paginii)"),
        max_length=300,
        required=False,
    )
    body_html = RichTextField(label=_("Conținutul"), required=False)
    expires_on = DateField(label=_("Valabil până la"), required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Fișier (PDF, JPEG sau PNG, cel mult 20 MB)"))

    def clean_file(self) -> Any:
        try:
            return file_check_any(self.cleaned_data["file"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class PageForm(forms.Form):
    title = forms.CharField(label=_("Titlul"), max_length=200)
    body_html = RichTextField(label=_("Conținutul"), required=False)

    def __init__(self, *args: Any, structured: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if structured:  # Legea 544/2001 art. 5: one part per letter
            for letter, label in PUBLIC_INFORMATION_PARTS:
                self.fields[f"part_{letter}"] = RichTextField(label=label, required=False)

    def parts(self) -> dict[str, str]:
        return {
            name.removeprefix("part_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("part_") and value
        }
