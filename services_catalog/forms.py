from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dms.documents.files import file_check


class EmailLookupForm(forms.Form):
    email = forms.EmailField(label=_("Adresa de e-mail folosită în cereri"), max_length=254)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content when the form is cleaned."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


MAX_REPLY_FILES = 5
REPLY_FILE_TYPES = ["application/pdf", "image/jpeg", "image/png"]


class ClarificationReplyForm(forms.Form):
    """The citizen's answer to a request for clarification, from the tracking page."""

    message = forms.CharField(
        label=_("Răspunsul dvs."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
    )
    documents = MultipleFileField(
        label=_("Documente (PDF, JPEG sau PNG, cel mult 10 MB fiecare)"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        uploads = data.get("documents") or []
        if len(uploads) > MAX_REPLY_FILES:
            self.add_error(
                "documents", _("Cel mult %(n)s documente odată.") % {"n": MAX_REPLY_FILES}
            )
            return data
        checked = []
        for upload in uploads:
            try:
                checked.append(
                    file_check(upload, allowed_types=REPLY_FILE_TYPES, max_bytes=10 * 1_048_576)
                )
            except ValidationError as error:
                self.add_error("documents", error)
        data["documents"] = checked
        if not (data.get("message") or "").strip() and not checked and not self.errors:
            raise ValidationError(_("Scrieți un răspuns sau atașați un document."))
        return data
