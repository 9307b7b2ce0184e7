"""Forms of the departments area: they parse the input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dms.departments import services
from dms.models import Department
from ghiseu.accounts.models import STAFF_ROLES, Role, User


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.full_name:
            return f"{obj.full_name} ({obj.email})"
        return str(obj.email)


class DepartmentNameForm(forms.Form):
    name = forms.CharField(label=_("Denumirea compartimentului"), max_length=120)


class DepartmentHeadForm(forms.Form):
    head = StaffChoiceField(
        label=_("Șeful compartimentului"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— fără șef —"),
        help_text=_(
            "Un șef de compartiment sau un administrator; primește dosarele al căror termen "
            "a expirat."
        ),
    )

    def __init__(self, *args: Any, department: Department, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"head": department.head_id})
        super().__init__(*args, **kwargs)
        field = self.fields["head"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services.head_candidates()


class MemberAddForm(forms.Form):
    user = StaffChoiceField(
        label=_("Adăugați un membru"),
        queryset=User.objects.none(),
        empty_label=_("— alegeți —"),
        help_text=_("Funcționarii și șefii de compartiment care nu lucrează deja aici."),
    )

    def __init__(self, *args: Any, department: Department, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services.member_candidates(department=department)


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rol nou"),
        choices=[(value, label) for value, label in Role.choices if value in STAFF_ROLES],
    )
