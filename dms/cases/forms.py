"""Forms of the staff workspace: the inbox filters and one small form per case action.

Every action form carries the case revision the page was shown with, so a second clerk acting
on a stale page gets a conflict instead of overwriting the first one's work.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dms.documents.files import CheckedFile, file_check
from dms.models import CaseStatus, Department

MAX_TEXT = 10_000
MAX_ID = 2**31 - 1


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Caută"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Stare"), required=False)
    department = forms.TypedChoiceField(
        label=_("Compartiment"), required=False, coerce=int, empty_value=None
    )
    service = forms.ChoiceField(label=_("Serviciu"), required=False)
    assignee = forms.ChoiceField(
        label=_("Responsabil"),
        required=False,
        choices=[("", _("oricine")), ("mine", _("ale mele")), ("unassigned", _("nerepartizate"))],
    )
    due = forms.ChoiceField(
        label=_("Termen"),
        required=False,
        choices=[
            ("", _("oricare")),
            ("overdue", _("depășit")),
            ("soon", _("în cel mult 3 zile lucrătoare")),
        ],
    )

    def __init__(
        self,
        *args: Any,
        departments: list[Department],
        services: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("open", _("deschise")),
            ("all", _("toate")),
            *CaseStatus.choices,
        ]
        cast(forms.ChoiceField, self.fields["department"]).choices = [("", _("toate"))] + [
            (d.pk, d.name) for d in departments
        ]
        cast(forms.ChoiceField, self.fields["service"]).choices = [("", _("toate"))] + [
            (code, title) for code, title in services
        ]


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)


def _text(label: Any, *, required: bool = True, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class AssignForm(RevisionForm):
    """One list of "department: person" pairs, so a registrar picks both without JavaScript."""

    assignee = forms.ChoiceField(label=_("Repartizați către"))

    def __init__(self, *args: Any, people: list[tuple[Department, list[Any]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [("", "—")] + [
            (
                department.name,
                [(f"{department.pk}:{p.pk}", p.full_name or p.email) for p in members],
            )
            for department, members in people
        ]

    def clean_assignee(self) -> tuple[int, int]:
        department, person = self.cleaned_data["assignee"].split(":")
        return int(department), int(person)


class TakeForm(RevisionForm):
    pass


class StartForm(RevisionForm):
    pass


class ClarificationForm(RevisionForm):
    message = _text(_("Ce completări cereți cetățeanului"))


class AnswerForm(RevisionForm):
    """An answer (or reasoned refusal): an uploaded document, or the text the answer PDF is
    generated from. Which of the two is required is the service's rule."""

    text = _text(
        _("Textul răspunsului"),
        required=False,
        rows=8,
    )
    document = forms.FileField(
        label=_("sau încărcați documentul (PDF, JPEG sau PNG, cel mult 20 MB)"), required=False
    )

    def clean_document(self) -> CheckedFile | None:
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        return file_check(upload)


class RejectForm(AnswerForm):
    text = _text(_("Motivarea respingerii"), required=False, rows=6)


class ForwardDepartmentForm(RevisionForm):
    department = forms.ModelChoiceField(
        label=_("Compartimentul"), queryset=Department.objects.none()
    )
    note = _text(_("Notă internă"), required=False, rows=2)

    def __init__(self, *args: Any, exclude_pk: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(is_active=True)
        if exclude_pk is not None:
            departments = departments.exclude(pk=exclude_pk)
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = departments


class ForwardExternalForm(RevisionForm):
    target_uat = forms.ChoiceField(label=_("Instituție din platformă"), required=False)
    institution = forms.CharField(
        label=_("sau altă instituție (denumirea)"), required=False, max_length=200
    )
    note = _text(_("Motivul redirecționării (îl primește și cetățeanul)"), required=False, rows=3)

    def __init__(self, *args: Any, uats: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.uat_names = dict(uats)
        cast(forms.ChoiceField, self.fields["target_uat"]).choices = [("", "—"), *uats]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slug = data.get("target_uat") or None
        institution = (data.get("institution") or "").strip()
        if slug is None and not institution:
            raise ValidationError(_("Alegeți instituția din platformă sau scrieți denumirea ei."))
        data["target_uat"] = slug
        data["institution"] = institution or self.uat_names.get(slug or "", "")
        return data


class FileForm(RevisionForm):
    reason = _text(_("Motivul clasării"), rows=2)


class ExtendForm(RevisionForm):
    reason = _text(_("Motivul prelungirii (îl primește și cetățeanul)"), rows=2)


class NoteForm(RevisionForm):
    text = _text(_("Notă internă (cetățeanul nu o vede)"), rows=2)


class MessageForm(RevisionForm):
    text = _text(_("Mesaj către cetățean"), rows=3)


class NewVersionForm(RevisionForm):
    document = forms.FileField(label=_("Versiune nouă (PDF, JPEG sau PNG)"))

    def clean_document(self) -> CheckedFile:
        return file_check(self.cleaned_data["document"])
