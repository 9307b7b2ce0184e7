"""A Django form built from a service's form schema; every field validated on the server."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.ro import cnp

from dms.documents.fields import MultipleFileField
from dms.documents.files import CheckedFile, StoredFile, file_store, files_hint, pending_folder
from ghiseu.notifications.sms import InvalidPhoneNumber, normalize_mobile
from ghiseu.ops.text import without_controls

MB = 1_048_576
MAX_FILES_PER_FIELD = 10
# Dates a citizen gives: nobody alive acquired a house before 1900, and no appointment or
# deadline is decades away; a schema may narrow a date to the past or the future ("when").
EARLIEST_DATE = date(1900, 1, 1)
LATEST_YEARS_AHEAD = 5
# What a field asks for, declared to browsers and assistive technology (WCAG 1.3.5) by the
# field's name in the catalog's schemas; e-mail and phone fields declare theirs by type.
PURPOSES = {
    "full_name": "name",
    "given_name": "given-name",
    "family_name": "family-name",
    "address": "street-address",
    "postal_code": "postal-code",
    "locality": "address-level2",
}
PURPOSES_BY_TYPE = {"email": "email", "phone": "tel"}
# Characters that show nothing: spaces, invisible format characters (zero-width, bidi
# controls) and combining marks on their own. A value made only of them is no answer.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cf", "Cc", "Mn", "Me", "Co", "Cn"}


def _text(value: dict[str, str] | None) -> str:
    if not value:
        return ""
    return value.get("en" if translation.get_language() == "en" else "ro", "")


def _clean_text(value: str) -> str:
    """Text is kept as text (shown escaped); control characters other than line breaks go
    (the platform's middleware dropped them already from the request: this keeps answers
    clean whatever calls the form), and a value with no visible character is empty."""
    cleaned = without_controls(value).strip()
    if all(unicodedata.category(c) in _INVISIBLE for c in cleaned):
        return ""
    return cleaned


class CitizenTextField(forms.CharField):
    """Text cleaned before it is checked: "required" and the length see what is kept."""

    def to_python(self, value: Any) -> str:
        return _clean_text(super().to_python(value) or "")


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


def date_bounds(when: str | None, today: date | None = None) -> tuple[date, date]:
    """The dates a field takes: any sensible one, or only past (today included) or future."""
    today = today or timezone.localdate()
    latest = today.replace(year=today.year + LATEST_YEARS_AHEAD, day=min(today.day, 28))
    if when == "past":
        return EARLIEST_DATE, today
    if when == "future":
        return today + timedelta(days=1), latest
    return EARLIEST_DATE, latest


class BoundedDateField(forms.DateField):
    def __init__(self, *, when: str | None, **kwargs: Any) -> None:
        self.earliest, self.latest = date_bounds(when)
        self.when = when
        attrs = {"type": "date", "min": self.earliest.isoformat(), "max": self.latest.isoformat()}
        super().__init__(widget=forms.DateInput(attrs=attrs, format="%Y-%m-%d"), **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if self.when == "past" and value > self.latest:
            raise ValidationError(_("Data nu poate fi în viitor."), code="date_future")
        if self.when == "future" and value < self.earliest:
            raise ValidationError(_("Alegeți o dată de mâine încolo."), code="date_past")
        if not self.earliest <= value <= self.latest:
            raise ValidationError(
                _("Alegeți o dată între %(earliest)s și %(latest)s.")
                % {"earliest": f"{self.earliest:%d.%m.%Y}", "latest": f"{self.latest:%d.%m.%Y}"},
                code="date_range",
            )


def _purpose(spec: dict[str, Any]) -> str:
    return PURPOSES.get(spec["name"]) or PURPOSES_BY_TYPE.get(spec["type"], "")


def _field(spec: dict[str, Any]) -> forms.Field:
    help_text = _text(spec.get("help"))
    common: dict[str, Any] = {
        "label": _text(spec.get("label")),
        "required": bool(spec.get("required")),
        "help_text": help_text,
    }
    kind = spec["type"]
    max_length = spec.get("max_length")
    purpose = {"autocomplete": _purpose(spec)} if _purpose(spec) else {}
    if kind == "textarea":
        return CitizenTextField(
            widget=forms.Textarea(attrs={"rows": 6}), max_length=max_length or 5000, **common
        )
    if kind == "email":
        return forms.EmailField(
            max_length=254, widget=forms.EmailInput(attrs={**purpose}), **common
        )
    if kind == "phone":
        return CitizenTextField(
            max_length=30,
            validators=[validate_mobile],
            widget=forms.TextInput(attrs={"type": "tel", **purpose}),
            **common,
        )
    if kind == "cnp":
        return CitizenTextField(
            max_length=13,
            min_length=13,
            validators=[validate_cnp],
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            **common,
        )
    if kind == "date":
        return BoundedDateField(when=spec.get("when"), **common)
    if kind == "number":
        return forms.DecimalField(max_digits=14, decimal_places=2, **common)
    if kind == "choice":
        choices = [("", "—")] + [(c["value"], _text(c["label"])) for c in spec["choices"]]
        return forms.ChoiceField(choices=choices, **common)
    if kind == "checkbox":
        return forms.BooleanField(**common)
    if kind == "file":
        allowed = spec.get("allowed_types") or []
        max_bytes = int(spec.get("max_size_mb", 10)) * MB
        hint = files_hint(allowed_types=allowed, max_bytes=max_bytes, max_files=MAX_FILES_PER_FIELD)
        return MultipleFileField(
            max_files=MAX_FILES_PER_FIELD,
            max_bytes=max_bytes,
            allowed_types=allowed,
            **{**common, "help_text": f"{help_text} {hint}".strip()},
        )
    return CitizenTextField(
        max_length=max_length or 300, widget=forms.TextInput(attrs={**purpose}), **common
    )


def kept_names(files: list[dict[str, Any]]) -> str:
    return ", ".join(str(item.get("name", "")) for item in files)


class ServiceForm(forms.Form):
    """A service's form. ``locked`` answers come from the citizen's e-ID (CNP, name,
    address): shown read-only with their source, and whatever a browser posts for them is
    replaced by them before validation. ``kept`` holds, per file field, the files the citizen
    attached before (a refused form, "change the data" on the review page, a resumed draft):
    they stay attached unless others are chosen or the citizen gives them up."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy(
                "Formularul nu a putut fi verificat. Verificați datele și trimiteți din nou."
            ),
            "invalid": gettext_lazy(
                "Formularul nu a putut fi verificat. Verificați datele și trimiteți din nou."
            ),
        },
    )

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        schema: list[dict[str, Any]],
        locked: dict[str, str] | None = None,
        locked_source: str = "",
        kept: dict[str, list[dict[str, Any]]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.schema = list(schema)
        names = {spec["name"] for spec in self.schema}
        self.locked = {k: v for k, v in (locked or {}).items() if v and k in names}
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
        self.keep(kept or {})

    def keep(self, kept: dict[str, list[dict[str, Any]]]) -> None:
        """Keep these files attached (and say so next to their fields)."""
        self.kept: dict[str, list[dict[str, Any]]] = {}
        for spec in self.schema:
            field, files = self.fields[spec["name"]], kept.get(spec["name"])
            if spec["type"] == "file" and files:
                self.kept[spec["name"]] = files
                field.required = False  # the kept files answer it
                field.kept_files = kept_names(files)  # type: ignore[attr-defined]

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, Any]:
        """Answers as the form shows them again (files are kept, not re-shown)."""
        return {
            name: value for name, value in answers.items() if not isinstance(value, dict | list)
        }

    def _given_up(self, name: str) -> bool:
        return self.is_bound and self.data.get(f"{name}-renunt") == "1"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for spec in self.schema:
            condition = spec.get("visible_if")
            name = spec["name"]
            if condition and data.get(condition["field"]) != condition.get("equals"):
                # The field does not apply: its answer (and any error) is dropped.
                self.errors.pop(name, None)
                data.pop(name, None)
            elif spec["type"] == "file" and name not in self.errors and not data.get(name):
                kept = [] if self._given_up(name) else self.kept.get(name, [])
                if kept:
                    data[name] = [StoredFile(**item) for item in kept]
                elif spec.get("required"):
                    self.add_error(name, forms.Field.default_error_messages["required"])
        if not self.errors:
            data.update(self.files_stored())
        return data

    def files_stored(self) -> dict[str, list[StoredFile]]:
        """The files of every file field that passed its checks, stored in the pending folder
        (a refused form keeps them for the next try; the sweeper deletes them after a day)."""
        stored: dict[str, list[StoredFile]] = {}
        for spec in self.schema:
            name = spec["name"]
            values = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
            if spec["type"] != "file" or name in self.errors or not values:
                continue
            stored[name] = [
                file_store(item, folder=pending_folder()) if isinstance(item, CheckedFile) else item
                for item in values
            ]
        return stored

    def files_to_keep(self) -> dict[str, list[dict[str, Any]]]:
        """After a refusal: the files to keep attached, per field, as JSON."""
        kept = {name: files for name, files in self.kept.items() if not self._given_up(name)}
        kept.update(
            {name: [item.__dict__ for item in files] for name, files in self.files_stored().items()}
        )
        return kept

    def answers(self) -> dict[str, Any]:
        """JSON-ready answers, in the schema's order; phones as E.164, dates ISO, files as
        a list of stored files."""
        result: dict[str, Any] = {}
        for spec in self.schema:
            value = self.cleaned_data.get(spec["name"])
            if value in (None, "", []):
                continue
            if spec["type"] == "file":
                value = [item.__dict__ for item in value if isinstance(item, StoredFile)]
                if not value:
                    continue
            elif spec["type"] == "phone":
                value = normalize_mobile(value)
            elif spec["type"] in {"date", "number"}:
                value = str(value) if spec["type"] == "number" else value.isoformat()
            result[spec["name"]] = value
        return result
