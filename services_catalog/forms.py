from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dms.documents.fields import MultipleFileField


class EmailLookupForm(forms.Form):
    email = forms.EmailField(label=_("Adresa de e-mail folosită în cereri"), max_length=254)


MAX_REPLY_FILES = 5
MAX_REPLY_FILE_BYTES = 10 * 1_048_576


class ClarificationReplyForm(forms.Form):
    """The citizen's answer to a request for clarification, from the tracking page."""

    message = forms.CharField(
        label=_("Răspunsul dvs."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
    )
    documents = MultipleFileField(
        label=_("Documente (PDF, JPEG sau PNG, cel mult 10 MB fiecare)"),
        required=False,
        max_files=MAX_REPLY_FILES,
        max_bytes=MAX_REPLY_FILE_BYTES,
        too_many=_("Cel mult %(n)s documente odată."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        checked = data.get("documents") or []
        if not (data.get("message") or "").strip() and not checked and not self.errors:
            raise ValidationError(_("Scrieți un răspuns sau atașați un document."))
        return data
