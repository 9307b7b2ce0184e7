"""Forms of the registry book: an incoming document, an outgoing letter, the book's filters.

They check the shape of the input (dates, numbers, files sniffed by content); the services in
``dms.registry.services`` decide the rest and may still refuse with errors keyed by these fields.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dms.documents.fields import MultipleFileField
from dms.models import Channel, Department, Direction, FileCode
from dms.registry.selectors import period_check, period_default
from dms.registry.services import MANUAL_CHANNELS, SENDER_DATE_EARLIEST, dispatch_bounds
from ghiseu.notifications.sms import InvalidPhoneNumber, normalize_mobile

EARLIEST = date(1990, 1, 1)


def _latest() -> date:
    return date(timezone.localdate().year + 1, 12, 31)


MAX_FILES = 10


def _channels() -> list[tuple[str, Any]]:
    return [(value, label) for value, label in Channel.choices if value in MANUAL_CHANNELS]


def _file_codes() -> list[tuple[str, str]]:
    return [("", "—")] + [(code.code, str(code)) for code in FileCode.objects.all()]


class _LetterForm(forms.Form):
    channel = forms.ChoiceField(label=_("Mod de primire / expediere"), choices=_channels)
    summary = forms.CharField(
        label=_("Conținut pe scurt"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    pages = forms.IntegerField(label=_("Număr de file"), min_value=1, max_value=32767, initial=1)
    annexes = forms.IntegerField(
        label=_("Anexe"), min_value=0, max_value=32767, initial=0, required=False
    )
    file_code = forms.ChoiceField(label=_("Indicativ dosar"), choices=_file_codes, required=False)
    documents = MultipleFileField(
        label=_("Documentul scanat (PDF, JPEG sau PNG, cel mult 20 MB fiecare)"),
        required=False,
        max_files=MAX_FILES,
    )

    def clean_annexes(self) -> int:
        return self.cleaned_data.get("annexes") or 0


class IncomingForm(_LetterForm):
    sender_name = forms.CharField(label=_("Emitent"), max_length=200)
    sender_reference = forms.CharField(
        label=_("Numărul documentului la emitent"), max_length=60, required=False
    )
    sender_date = forms.DateField(
        label=_("Data documentului la emitent"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    resolution = forms.CharField(label=_("Rezoluție"), max_length=300, required=False)
    department = forms.ModelChoiceField(
        label=_("Compartiment"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        help_text=_(
            "Ales, deschide o lucrare cu termen în lista compartimentului; lăsat gol, documentul "
            "este doar înregistrat."
        ),
    )
    term_days = forms.IntegerField(
        label=_("Termen de soluționare (zile calendaristice)"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("Implicit 30 de zile."),
    )
    petition = forms.BooleanField(
        label=_("Petiție (OG 27/2002: termenul se poate prelungi o dată cu 15 zile)"),
        required=False,
        initial=True,
    )
    citizen_email = forms.EmailField(
        label=_("E-mailul petentului, pentru anunțuri"), max_length=254, required=False
    )
    citizen_phone = forms.CharField(label=_("Telefonul petentului"), max_length=20, required=False)

    field_order = [
        "channel",
        "sender_name",
        "sender_reference",
        "sender_date",
        "summary",
        "pages",
        "annexes",
        "documents",
        "department",
        "resolution",
        "term_days",
        "petition",
        "citizen_email",
        "citizen_phone",
        "file_code",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sender_date"].widget.attrs.update(
            min=SENDER_DATE_EARLIEST.isoformat(), max=timezone.localdate().isoformat()
        )

    def clean_citizen_phone(self) -> str:
        value = (self.cleaned_data.get("citizen_phone") or "").strip()
        if value:
            try:
                return normalize_mobile(value)  # the SMS notices go there
            except InvalidPhoneNumber as error:
                raise ValidationError(str(error)) from None
        return value


class OutgoingForm(_LetterForm):
    recipient = forms.CharField(label=_("Destinatar"), max_length=200)
    dispatch_date = forms.DateField(
        label=_("Data expedierii"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Implicit azi."),
    )
    department = forms.ModelChoiceField(
        label=_("Compartimentul emitent"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
    )
    linked = forms.CharField(
        label=_("Nr. de conexare (intrarea la care se răspunde)"),
        max_length=20,
        required=False,
        help_text=_("Număr/an, de exemplu 12/2026."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        earliest, latest = dispatch_bounds(timezone.localdate())
        self.fields["dispatch_date"].widget.attrs.update(
            min=earliest.isoformat(), max=latest.isoformat()
        )

    field_order = [
        "channel",
        "recipient",
        "summary",
        "pages",
        "annexes",
        "dispatch_date",
        "department",
        "linked",
        "documents",
        "file_code",
    ]


class BookFilterForm(forms.Form):
    start = forms.DateField(
        label=_("De la"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("Până la"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    direction = forms.ChoiceField(
        label=_("Direcție"), choices=[("", _("toate")), *Direction.choices], required=False
    )
    channel = forms.ChoiceField(
        label=_("Mod de primire"), choices=[("", _("toate")), *Channel.choices], required=False
    )
    q = forms.CharField(label=_("Caută"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("start", "end"):
            day = data.get(name)
            if day is not None and not EARLIEST <= day <= _latest():
                # Far dates would overflow the period arithmetic; no registry is that old.
                self.add_error(name, _("Alegeți o dată între 1990 și anul viitor."))
                data.pop(name, None)
        if self.errors:
            data["start"], data["end"] = period_default()
            return data
        start, end = data.get("start"), data.get("end")
        if start is None and end is None:
            start, end = period_default()
        elif end is None:
            end = period_default(start)[1]
        elif start is None:
            start = period_default(end)[0]
        data["start"], data["end"] = start, end
        if not self.errors:
            try:
                period_check(data["start"], data["end"])
            except ValidationError as error:
                self.add_error("end", error)
        return data

    def filters(self) -> dict[str, Any]:
        """What the selector takes; the current month when the form is not valid."""
        if not self.is_valid():
            start, end = period_default()
            return {"start": start, "end": end, "direction": "", "channel": "", "search": ""}
        data = self.cleaned_data
        return {
            "start": data["start"],
            "end": data["end"],
            "direction": data["direction"],
            "channel": data["channel"],
            "search": data["q"],
        }
