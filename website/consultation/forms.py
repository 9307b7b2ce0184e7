"""Forms of public consultation: the citizen's recommendation and the secretary's pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from website.forms import DateField, PdfField, RichTextField

from .models import AnswerStatus
from .services import MAX_RECOMMENDATION


class RecommendationForm(forms.Form):
    author_name = forms.CharField(
        label=_("Numele și prenumele"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Organizația pe care o reprezentați"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Vă trimitem un cod ca să confirmăm adresa. Nu apare în registrul public."),
        error_messages={"invalid": _("Scrieți o adresă de e-mail validă.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(
        label=_("Recomandarea dvs."),
        max_length=MAX_RECOMMENDATION,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_author_name(self) -> str:
        name = " ".join(self.cleaned_data["author_name"].split())
        if not any(ch.isalpha() for ch in name):
            raise forms.ValidationError(_("Scrieți numele dvs."))
        return name

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not any(ch.isalnum() for ch in text):
            raise forms.ValidationError(_("Scrieți recomandarea."))
        return text


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Titlul proiectului de hotărâre"), max_length=500)
    summary_html = RichTextField(
        label=_("Anunțul (referatul de aprobare pe scurt)"), required=False
    )
    pdf = PdfField(label=_("Proiectul (PDF)"))
    comments_until = DateField(label=_("Recomandări scrise până la"))
    vote_not_before = DateField(label=_("Supus votului cel mai devreme la"))
    debate_on = DateField(label=_("Dezbatere publică la"), required=False)
    publish = forms.BooleanField(label=_("Publică anunțul acum"), required=False, initial=True)


class OutcomeForm(forms.Form):
    debate_on = DateField(label=_("Dezbaterea publică a avut loc la"), required=False)
    debate_participants = forms.IntegerField(
        label=_("Participanți la dezbatere"), min_value=0, max_value=100_000, initial=0
    )
    lawsuits = forms.IntegerField(
        label=_("Acțiuni în justiție pentru nerespectarea Legii 52/2003"),
        min_value=0,
        max_value=1000,
        initial=0,
    )
    adopted_reference = forms.CharField(
        label=_("Hotărârea adoptată (număr/an)"), max_length=20, required=False
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Recomandarea este"),
        choices=[c for c in AnswerStatus.choices if c[0] != AnswerStatus.PENDING],
    )
    answer = forms.CharField(
        label=_("Răspunsul (public)"),
        max_length=MAX_RECOMMENDATION,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
