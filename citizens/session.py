"""Who is signed in on this portal. The portal's session (host-only, in the UAT's schema)
holds the citizen's id, the provider and the assurance level; the identity is public."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from .models import Citizen

SESSION_KEY = "ghiseu_citizen"
BROWSER_KEY = "ghiseu_eid_browser"


@dataclass(frozen=True)
class SignedIn:
    citizen: Citizen
    provider: str
    assurance: str


def signed_in_citizen(request: HttpRequest) -> SignedIn | None:
    """The signed-in citizen of this request, read once per request."""
    if hasattr(request, "_ghiseu_citizen"):
        cached: SignedIn | None = request._ghiseu_citizen
        return cached
    found = None
    data = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if isinstance(data, dict) and data.get("until", 0) > time.time():
        citizen = Citizen.objects.filter(pk=int(data.get("id") or 0)).first()
        if citizen is not None:
            found = SignedIn(
                citizen=citizen, provider=str(data["provider"]), assurance=str(data["assurance"])
            )
    request._ghiseu_citizen = found  # type: ignore[attr-defined]
    return found


def session_sign_in(
    request: HttpRequest, *, citizen: Citizen, provider: str, assurance: str
) -> None:
    request.session.cycle_key()  # a new session id at sign-in: no fixation
    request.session.pop(BROWSER_KEY, None)
    request.session[SESSION_KEY] = {
        "id": citizen.pk,
        "provider": provider,
        "assurance": assurance,
        "until": time.time() + settings.EID_SESSION_SECONDS,
    }
    request._ghiseu_citizen = SignedIn(citizen, provider, assurance)  # type: ignore[attr-defined]


def session_sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    request._ghiseu_citizen = None  # type: ignore[attr-defined]
