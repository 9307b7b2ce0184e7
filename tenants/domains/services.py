"""Writes on custom domains: a UAT claims one, proves it, the county decides, the UAT may
withdraw it. Each step is audited; the Domain row that routes the host exists only while a
claim is approved."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from ghiseu.accounts.models import Role
from ghiseu.audit.services import audit_record

from ..models import UAT, Domain, DomainClaim, DomainClaimStatus
from .proof import prove

LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
MAX_HOSTNAME = 253


def hostname_normalize(raw: str) -> str:
    """A domain name as typed (with or without scheme, path, dot, capitals, diacritics) in
    its ASCII form, or a ValidationError saying what is wrong."""
    value = (raw or "").strip().lower()
    value = re.sub(r"^https?://", "", value).split("/", 1)[0].rstrip(".")
    try:
        value = value.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValidationError(_("Numele de domeniu nu este valid."), code="hostname") from None
    labels = value.split(".")
    if (
        len(value) > MAX_HOSTNAME
        or len(labels) < 2
        or not all(LABEL.match(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise ValidationError(
            _("Scrieți un nume de domeniu, de exemplu primaria-exemplu.ro."), code="hostname"
        )
    base = settings.GHISEU_BASE_DOMAIN
    if value == base or value.endswith(f".{base}"):
        raise ValidationError(
            _("Subdomeniile platformei nu se revendică; portalul are deja %(base)s.")
            % {"base": f"<subdomeniu>.{base}"},
            code="platform_domain",
        )
    return value


def _taken_message() -> ValidationError:
    return ValidationError(
        {"hostname": _("Domeniul este deja folosit sau revendicat de alt UAT.")},
        code="domain_taken",
    )


@transaction.atomic
def domain_claim_add(*, uat: UAT, hostname: str, actor: Any) -> DomainClaim:
    try:
        hostname = hostname_normalize(hostname)
    except ValidationError as error:
        raise ValidationError({"hostname": error.messages}) from None
    mine = DomainClaim.objects.filter(
        uat=uat, hostname=hostname, status__in=["pending", "proven", "approved"]
    ).first()
    if mine is not None:
        return mine
    if Domain.objects.filter(domain=hostname).exists():
        raise _taken_message()
    try:
        with transaction.atomic():
            claim = DomainClaim.objects.create(
                uat=uat, hostname=hostname, token=secrets.token_urlsafe(24)
            )
    except IntegrityError:
        raise _taken_message() from None
    audit_record(actor=actor, action="uat.domain_claimed", target=uat, data={"domain": hostname})
    return claim


def domain_claim_verify(*, uat: UAT, claim_id: int, actor: Any) -> DomainClaim:
    """Check the proof now (outside any transaction: the network may take seconds)."""
    claim = DomainClaim.objects.filter(uat=uat, pk=claim_id).first()
    if claim is None:
        raise ValidationError(_("Domeniul nu mai există."), code="claim_missing")
    if claim.status != DomainClaimStatus.PENDING:
        return claim
    result = prove(claim.hostname, claim.token)
    with transaction.atomic():
        locked = DomainClaim.objects.select_for_update().get(pk=claim.pk)
        if locked.status != DomainClaimStatus.PENDING:
            return locked
        if result.ok:
            locked.status = DomainClaimStatus.PROVEN
            locked.proof_method = result.method
            locked.proven_at = timezone.now()
            locked.last_check_error = ""
        else:
            locked.last_check_error = result.reason[:300]
        locked.save()
        audit_record(
            actor=actor,
            action="uat.domain_proven" if result.ok else "uat.domain_proof_failed",
            target=uat,
            data={"domain": locked.hostname, "method": result.method, "reason": result.reason},
        )
    return locked


@transaction.atomic
def domain_claim_decide(*, claim_id: int, approve: bool, actor: Any, note: str = "") -> DomainClaim:
    """The county approves a proven domain (the portal answers on it at once) or rejects it."""
    if getattr(actor, "role", None) != Role.COUNTY_ADMIN:
        raise PermissionDenied
    claim = DomainClaim.objects.select_for_update().select_related("uat").get(pk=claim_id)
    if claim.status != DomainClaimStatus.PROVEN:
        raise ValidationError(
            _("Se aprobă doar domeniile al căror control a fost dovedit."), code="not_proven"
        )
    if approve and Domain.objects.filter(domain=claim.hostname).exists():
        raise ValidationError(_("Domeniul este deja folosit de alt UAT."), code="domain_taken")
    claim.status = DomainClaimStatus.APPROVED if approve else DomainClaimStatus.REJECTED
    claim.decided_at = timezone.now()
    claim.decided_by = actor.get_username()
    claim.decision_note = note.strip()[:300]
    claim.save()
    if approve:
        Domain.objects.create(domain=claim.hostname, tenant=claim.uat, is_primary=False)
    event = {
        "actor": actor,
        "action": "uat.domain_approved" if approve else "uat.domain_rejected",
        "target": claim.uat,
        "data": {"domain": claim.hostname, "note": claim.decision_note},
    }
    audit_record(**event)  # the county's trail
    with schema_context(claim.uat.schema_name):
        audit_record(**event)  # and the UAT's, where its administrator reads it
    return claim


@transaction.atomic
def domain_claim_withdraw(*, uat: UAT, claim_id: int, actor: Any) -> None:
    claim = DomainClaim.objects.select_for_update().filter(uat=uat, pk=claim_id).first()
    if claim is None or claim.status not in ("pending", "proven", "approved"):
        raise ValidationError(_("Domeniul nu mai există."), code="claim_missing")
    Domain.objects.filter(domain=claim.hostname, tenant=uat, is_primary=False).delete()
    claim.status = DomainClaimStatus.WITHDRAWN
    claim.save(update_fields=["status"])
    audit_record(
        actor=actor, action="uat.domain_withdrawn", target=uat, data={"domain": claim.hostname}
    )
