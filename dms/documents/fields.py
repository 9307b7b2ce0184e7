"""The one form field for several uploaded files, used by every form that takes them."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dms.documents.files import (
    ALLOWED_TYPES,
    MAX_FILE_BYTES,
    CheckedFile,
    accept_of,
    file_check,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each checked by size and by its content (never its name);
    cleans to a list of ``CheckedFile``. Every refused file is named in the field's errors."""

    def __init__(
        self,
        *args: Any,
        max_files: int = 10,
        max_bytes: int = MAX_FILE_BYTES,
        allowed_types: Collection[str] = ALLOWED_TYPES,
        too_many: Any = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept_of(allowed_types)}))
        super().__init__(*args, **kwargs)
        self.max_files = max_files
        self.max_bytes = max_bytes
        self.allowed_types = tuple(allowed_types)
        self.too_many = too_many or _("Cel mult %(n)s fișiere odată.")

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        uploads = [super(MultipleFileField, self).clean(item, initial) for item in files]
        uploads = [upload for upload in uploads if upload]
        if len(uploads) > self.max_files:
            raise ValidationError(self.too_many % {"n": self.max_files})
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(
                    file_check(upload, allowed_types=self.allowed_types, max_bytes=self.max_bytes)
                )
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked
