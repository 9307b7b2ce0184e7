from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Role


class StaffLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("E-mailul sau parola nu sunt corecte."),
        "inactive": _("Contul este dezactivat."),
    }


class InviteStaffForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    full_name = forms.CharField(label=_("Nume și prenume"), max_length=150)
    role = forms.ChoiceField(label=_("Rol"))

    def __init__(self, *args: Any, county_site: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The county site has county administrators only; a portal has everyone else.
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [
            (value, label)
            for value, label in Role.choices
            if (value == Role.COUNTY_ADMIN) == county_site
        ]


class DeactivateForm(forms.Form):
    reassign_to: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Colegul care preia dosarele deschise"),
        queryset=None,
        required=False,
        empty_label=_("— alegeți —"),
    )

    def __init__(self, *args: Any, candidates: Any, open_work: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reassign_to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates
        # With open cases a colleague must take them (the service refuses otherwise): the
        # form does not call the choice optional then.
        field.required = open_work > 0
