"""Writes on a citizen's identity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from stdnum.ro import cnp as cnp_check

from ghiseu.audit.services import audit_record

from .models import Citizen, CitizenLogin, FiledRequest


def _claim(claims: dict[str, Any], path: str) -> str:
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return str(value).strip() if isinstance(value, str | int) else ""


@dataclass(frozen=True)
class IdentityClaims:
    """What a provider said about the person, in our terms (its claim mapping applied)."""

    subject: str
    cnp: str = ""
    given_name: str = ""
    family_name: str = ""
    address: str = ""
    assurance: str = ""

    @classmethod
    def from_claims(cls, claims: dict[str, Any], *, mapping: dict[str, str]) -> IdentityClaims:
        values = {field: _claim(claims, path) for field, path in mapping.items()}
        # A CNP that fails its check digit is not the person's: it prefills nothing.
        if values.get("cnp") and not cnp_check.is_valid(values["cnp"]):
            values["cnp"] = ""
        return cls(
            subject=str(claims["sub"]),
            cnp=values.get("cnp", ""),
            given_name=values.get("given_name", "")[:150],
            family_name=values.get("family_name", "")[:150],
            address=values.get("address", "")[:500],
            assurance=values.get("assurance", "")[:100],
        )


def citizen_sign_in(*, provider: str, identity: IdentityClaims) -> Citizen:
    """The one identity of this person: found by the provider's subject, else by CNP, else
    new; refreshed with what the provider says today."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return _sign_in(provider, identity, now)
    except IntegrityError:  # two first sign-ins of the same person at once: one row won
        with transaction.atomic():
            return _sign_in(provider, identity, now)


def _sign_in(provider: str, identity: IdentityClaims, now: Any) -> Citizen:
    login = (
        CitizenLogin.objects.select_for_update()
        .select_related("citizen")
        .filter(provider=provider, subject=identity.subject)
        .first()
    )
    citizen = login.citizen if login else None
    if citizen is None and identity.cnp:
        citizen = Citizen.objects.filter(cnp=identity.cnp).first()
    if citizen is None:
        citizen = Citizen.objects.create(cnp=identity.cnp or None)
    elif identity.cnp and citizen.cnp != identity.cnp:
        if not Citizen.objects.filter(cnp=identity.cnp).exclude(pk=citizen.pk).exists():
            citizen.cnp = identity.cnp
    citizen.given_name = identity.given_name or citizen.given_name
    citizen.family_name = identity.family_name or citizen.family_name
    citizen.address = identity.address or citizen.address
    citizen.signed_in_at = now
    citizen.save()
    CitizenLogin.objects.update_or_create(
        provider=provider,
        subject=identity.subject,
        defaults={"citizen": citizen, "assurance": identity.assurance, "used_at": now},
    )
    return citizen


@transaction.atomic
def citizen_keep_contact(*, citizen: Citizen, email: str, phone: str) -> Citizen:
    """The e-mail address and phone the citizen chose to keep for their next requests."""
    citizen.kept_email, citizen.kept_phone = email, phone
    citizen.save(update_fields=["kept_email", "kept_phone"])
    audit_record(actor=None, action="citizen.contact_kept", target=citizen, data={})
    return citizen


@transaction.atomic
def citizen_forget(*, citizen: Citizen) -> None:
    """The citizen closes their account: the identity and its logins go. The requests they
    filed stay with each UAT (they are the institution's records)."""
    audit_record(actor=None, action="citizen.forgotten", target=citizen, data={})
    citizen.delete()


def filed_request_record(
    *,
    citizen_id: int,
    schema_name: str,
    case_id: int,
    uat_name: str,
    number: str,
    service_title: str,
    tracking_url: str,
    filed_at: Any,
) -> None:
    """Index a request in its citizen's county-wide list (idempotent: once per case)."""
    FiledRequest.objects.get_or_create(
        schema_name=schema_name,
        case_id=case_id,
        defaults={
            "citizen_id": citizen_id,
            "uat_name": uat_name[:200],
            "number": number[:40],
            "service_title": service_title[:200],
            "tracking_url": tracking_url[:500],
            "filed_at": filed_at,
        },
    )


def filed_request_forget(*, schema_name: str, case_id: int) -> int:
    """A request whose personal data its UAT erased leaves its citizen's county-wide list
    (the link between the identity and the case was the last trace of who filed it)."""
    deleted, _rows = FiledRequest.objects.filter(schema_name=schema_name, case_id=case_id).delete()
    return deleted
