"""Forms of the archive area. They parse input only; the rules are the services' to check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from dms.archive.disposal import CONFIRMATION_MAX, MINUTES_MAX
from dms.models import ArchiveFile, ArchiveFileStatus, Case, Department, FileCode
from ghiseu.accounts.models import User


class FileCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Indicativ"),
        max_length=30,
        help_text=gettext_lazy("De exemplu I-4; apare în registru, în coloana indicativ dosar."),
    )
    title = forms.CharField(label=gettext_lazy("Conținutul dosarului"), max_length=300)
    retention_years = forms.IntegerField(
        label=gettext_lazy("Termen de păstrare (ani)"),
        required=False,
        min_value=1,
        max_value=200,
        help_text=gettext_lazy("Lăsați gol pentru păstrare permanentă."),
        error_messages={"invalid": gettext_lazy("Scrieți termenul ca număr de ani, de exemplu 5.")},
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Compartimentul care creează dosarul"),
        queryset=Department.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(is_active=True)  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(file_code: FileCode) -> dict[str, Any]:
        return {
            "code": file_code.code,
            "title": file_code.title,
            "retention_years": file_code.retention_years,
            "department": file_code.department_id,
        }


class FilingForm(forms.Form):
    """Choose closed, unfiled cases (checkboxes) and the file code to file them under."""

    cases = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Cereri"),
        queryset=Case.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Bifați cel puțin o cerere.")},
    )
    file_code = forms.ModelChoiceField(
        label=gettext_lazy("Indicativul dosarului"),
        queryset=FileCode.objects.all(),
        error_messages={"required": gettext_lazy("Alegeți indicativul.")},
    )

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases  # type: ignore[attr-defined]


class YearCloseForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Anul"),
        min_value=1990,
        max_value=2200,
        error_messages={"invalid": gettext_lazy("Scrieți anul, de exemplu 2025.")},
    )


class FileFilterForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Anul"), required=False, min_value=1990)
    status = forms.ChoiceField(
        label=gettext_lazy("Stare"),
        required=False,
        choices=[("", gettext_lazy("toate")), *ArchiveFileStatus.choices],
    )


class ProposeForm(forms.Form):
    archive_files = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Dosare"),
        queryset=ArchiveFile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Bifați cel puțin un dosar.")},
    )

    def __init__(self, *args: Any, files: QuerySet[ArchiveFile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["archive_files"].queryset = files  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    minutes = forms.CharField(
        label=gettext_lazy("Procesul-verbal al comisiei (număr și dată)"),
        max_length=MINUTES_MAX,
    )
    confirmation = forms.CharField(
        label=gettext_lazy("Confirmarea Arhivelor Naționale (număr și dată)"),
        max_length=CONFIRMATION_MAX,
        required=False,
        help_text=gettext_lazy("Obligatorie pentru aprobare."),
    )


class CommitteeMemberForm(forms.Form):
    member = forms.ModelChoiceField(
        label=gettext_lazy("Membru"),
        queryset=User.objects.none(),
        error_messages={"required": gettext_lazy("Alegeți persoana.")},
    )
    decision = forms.CharField(
        label=gettext_lazy("Numită prin dispoziția"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Numărul și data dispoziției de numire a comisiei."),
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates  # type: ignore[attr-defined]
