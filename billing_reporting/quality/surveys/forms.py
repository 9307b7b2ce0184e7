from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SurveyReason

SCORES = [
    (5, _("5 – foarte mulțumit(ă)")),
    (4, _("4 – mulțumit(ă)")),
    (3, _("3 – așa și așa")),
    (2, _("2 – nemulțumit(ă)")),
    (1, _("1 – foarte nemulțumit(ă)")),
]


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Cât de mulțumit(ă) sunteți de răspunsul primit?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Alegeți o notă de la 1 la 5."),
            "invalid_choice": _("Alegeți o notă de la 1 la 5."),
        },
    )
    reason = forms.ChoiceField(
        label=_("Ce a contat cel mai mult?"),
        choices=SurveyReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Alegeți motivul din listă."),
            "invalid_choice": _("Alegeți motivul din listă."),
        },
    )
    comment = forms.CharField(
        label=_("Comentariu"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Opțional, cel mult 2.000 de caractere. Nu scrieți date personale."),
        error_messages={"max_length": _("Comentariul are cel mult 2.000 de caractere.")},
    )
    wants_follow_up = forms.BooleanField(
        label=_("Vreau ca instituția să verifice ce am scris (o tratează ca reclamație)."),
        required=False,
    )
