"""A Django form built from a service's form schema; every field validated on the server."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from stdnum.ro import cnp

from dms.documents.files import CheckedFile, StoredFile, file_check, file_store, pending_folder
from ghiseu.notifications.sms import InvalidPhoneNumber, normalize_mobile
from ghiseu.ops.text import without_controls

MB = 1_048_576


def _text(value: dict[str, str] | None) -> str:
    if not value:
        return ""
    return value.get("en" if translation.get_language() == "en" else "ro", "")


def _clean_text(value: str) -> str:
    """Text is kept as text (shown escaped); control characters other than line breaks go
    (the platform's middleware dropped them already from the request: this keeps answers
    clean whatever calls the form)."""
    return without_controls(value).strip()


def validate_cnp(value: str) -> None:
    if not cnp.is_valid(value):
        raise ValidationError(
            _("CNP-ul nu este valid (verificați cele 13 cifre)."), code="invalid_cnp"
        )


def validate_mobile(value: str) -> None:
    """The form's phone is where the SMS confirmations go: a mobile number."""
    try:
        normalize_mobile(value)
    except InvalidPhoneNumber as error:
        raise ValidationError(str(error), code="invalid_phone") from None


def _field(spec: dict[str, Any]) -> forms.Field:
    common: dict[str, Any] = {
        "label": _text(spec.get("label")),
        "required": bool(spec.get("required")),
        "help_text": _text(spec.get("help")),
    }
    kind = spec["type"]
    max_length = spec.get("max_length")
    if kind == "textarea":
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 6}), max_length=max_length or 5000, **common
        )
    if kind == "email":
        return forms.EmailField(max_length=254, **common)
    if kind == "phone":
        return forms.CharField(
            max_length=30,
            validators=[validate_mobile],
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            **common,
        )
    if kind == "cnp":
        return forms.CharField(
            max_length=13,
            min_length=13,
            validators=[validate_cnp],
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            **common,
        )
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "number":
        return forms.DecimalField(max_digits=14, decimal_places=2, **common)
    if kind == "choice":
        choices = [("", "—")] + [(c["value"], _text(c["label"])) for c in spec["choices"]]
        return forms.ChoiceField(choices=choices, **common)
    if kind == "checkbox":
        return forms.BooleanField(**common)
    if kind == "file":
        accept = ",".join(spec.get("allowed_types", []))
        return forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": accept}), **common)
    return forms.CharField(max_length=max_length or 300, **common)


class ServiceForm(forms.Form):
    """A service's form. ``locked`` answers come from the citizen's e-ID (CNP, name,
    address): shown read-only with their source, and whatever a browser posts for them is
    replaced by them before validation. ``kept_files`` are a resumed draft's uploads, used
    for a file field the citizen leaves empty."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        schema: list[dict[str, Any]],
        locked: dict[str, str] | None = None,
        locked_source: str = "",
        kept_files: dict[str, dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.schema = list(schema)
        names = {spec["name"] for spec in self.schema}
        self.locked = {k: v for k, v in (locked or {}).items() if v and k in names}
        self.kept_files = {k: v for k, v in (kept_files or {}).items() if k in names}
        if data is not None and self.locked:
            data = data.copy()
            for name, value in self.locked.items():
                data[name] = value  # a tampered value is never even read
        super().__init__(data, files, **kwargs)
        for spec in self.schema:
            self.fields[spec["name"]] = _field(spec)
        for name, value in self.locked.items():
            field = self.fields[name]
            field.initial = value
            field.widget.attrs["readonly"] = True
            field.help_text = _("Din %(source)s; nu se poate modifica aici.") % {
                "source": locked_source or _("identitatea electronică")
            }
        for name, stored in self.kept_files.items():
            field = self.fields[name]
            field.required = False
            field.help_text = _(
                "Păstrat din cererea salvată: %(name)s. Încărcați altul doar dacă îl înlocuiți."
            ) % {"name": stored.get("name", "")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for spec in self.schema:
            condition = spec.get("visible_if")
            name = spec["name"]
            if condition and data.get(condition["field"]) != condition.get("equals"):
                # The field does not apply: its answer (and any error) is dropped.
                self.errors.pop(name, None)
                data.pop(name, None)
            elif isinstance(data.get(name), str):
                data[name] = _clean_text(data[name])
            elif spec["type"] == "file" and data.get(name):
                try:
                    data[name] = file_check(
                        data[name],
                        allowed_types=spec.get("allowed_types", []),
                        max_bytes=int(spec.get("max_size_mb", 10)) * MB,
                    )
                except ValidationError as error:
                    self.add_error(name, error)
        if not self.errors:
            # Stored only once the whole form is valid: a refused form leaves no file behind.
            for spec in self.schema:
                if isinstance(data.get(spec["name"]), CheckedFile):
                    data[spec["name"]] = file_store(data[spec["name"]], folder=pending_folder())
        return data

    def answers(self) -> dict[str, Any]:
        """JSON-ready answers, in the schema's order; phones as E.164, dates ISO."""
        result: dict[str, Any] = {}
        for spec in self.schema:
            value = self.cleaned_data.get(spec["name"])
            if value in (None, "", []) and spec["name"] in self.kept_files:
                result[spec["name"]] = self.kept_files[spec["name"]]
                continue
            if value in (None, ""):
                continue
            if spec["type"] == "file":
                value = value.__dict__ if isinstance(value, StoredFile) else None
                if value is None:
                    continue
            elif spec["type"] == "phone":
                value = normalize_mobile(value)
            elif spec["type"] in {"date", "number"}:
                value = str(value) if spec["type"] == "number" else value.isoformat()
            result[spec["name"]] = value
        return result
