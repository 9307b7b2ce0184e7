"""Showing a service's ValidationError on the form that called it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.Form, error: ValidationError, *, field: str | None = None
) -> None:
    """Errors keyed by a form field go to that field; the rest to ``field`` or the whole form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else field, message)
    else:
        for message in error.messages:
            form.add_error(field, message)
