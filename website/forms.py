"""Form pieces every part of the site shares: bounded dates, PDFs sniffed by content, rich
text sanitized on the server."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .documents import CheckedFile, pdf_check
from .sanitize import sanitized

DATE_ERRORS = {"invalid": _("Introduceți o dată validă (zz.ll.aaaa).")}


class DateField(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", DATE_ERRORS)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d.%m.%Y"])
        super().__init__(**kwargs)


class PdfField(forms.FileField):
    """A PDF, checked by its content; cleaned to a ``CheckedFile``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".pdf"}))
        kwargs.setdefault("help_text", _("PDF, cel mult 20 MB; semnat electronic, de preferat."))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> CheckedFile | None:
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return pdf_check(upload)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class RichTextField(forms.CharField):
    """HTML from the staff's editor, sanitized by nh3 before anything else sees it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.Textarea(attrs={"rows": 14, "class": "rich-text", "data-editor": ""})
        )
        kwargs.setdefault(
            "help_text",
            _(
                "Puteți folosi HTML simplu: <p>, <h2>, <strong>, <em>, <ul>/<li>, <a href>, "
                "<table>. Scripturile, stilurile și atributele de eveniment sunt eliminate."
            ),
        )
        kwargs.setdefault("max_length", 200_000)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return sanitized(super().clean(value))
