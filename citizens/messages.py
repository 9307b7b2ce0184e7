"""What a citizen reads when a sign-in does not end well: one table, every outcome."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ROUTE_BY_EMAIL = _(
    "Puteți depune cererea și fără e-ID: confirmați adresa de e-mail cu codul pe care "
    "vi-l trimitem."
)

SIGN_IN_ERRORS = {
    "unknown_state": _(
        "Nu am putut verifica această autentificare: legătura nu a pornit de la noi. "
        "Reîncepeți autentificarea de pe portalul instituției."
    ),
    "replayed": _("Această autentificare a fost deja folosită. Reîncepeți autentificarea."),
    "expired": _("Autentificarea a durat prea mult și a expirat. Reîncepeți autentificarea."),
    "denied": _("Ați renunțat la autentificare. Nu v-am autentificat."),
    "provider_unavailable": _(
        "Furnizorul de identitate nu răspunde acum. Încercați din nou mai târziu."
    ),
    "token_refused": _(
        "Răspunsul furnizorului de identitate nu a trecut verificările de securitate, așa că nu "
        "v-am autentificat. Reîncepeți autentificarea."
    ),
    "ticket": _(
        "Autentificarea nu a putut fi încheiată pe acest portal: legătura a expirat, a fost "
        "deja folosită sau a fost deschisă în alt browser. Reîncepeți autentificarea."
    ),
    "provider_error": _("Furnizorul de identitate a refuzat autentificarea. Reîncepeți."),
    "provider_unknown": _("Acest furnizor de identitate nu mai este disponibil."),
}


def sign_in_error(code: str) -> str:
    return str(SIGN_IN_ERRORS.get(code, SIGN_IN_ERRORS["provider_error"]))


# eIDAS levels of assurance (Regulation 2015/1502), as providers name them in `acr`.
ASSURANCE_LEVELS = {
    "low": _("scăzut (eIDAS)"),
    "substantial": _("substanțial (eIDAS)"),
    "high": _("ridicat (eIDAS)"),
}


def assurance_label(level: str) -> str:
    return str(ASSURANCE_LEVELS.get(level, level or "—"))
