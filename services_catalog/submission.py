"""A citizen's submission before registration: answers kept in the session until the e-mail
address is proven by a one-time code (5 tries, 15 minutes). Nothing is registered before.

The tries are counted in Redis, not in the session: parallel requests on one session each
read the session as it was, so a count kept there let every one of them guess."""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dms.cases.answers import labels_in_order
from dms.cases.services import Intake, case_open
from dms.models import Case, Channel
from dms.registry.entries import summary_of
from ghiseu.notifications.services import notification_send
from ghiseu.ops.ratelimit import attempt_count, rate_limit_hit

SESSION_KEY = "ghiseu_pending_submission"
CODE_LIFETIME_SECONDS = 15 * 60
MAX_ATTEMPTS = 5
SUMMARY = 250  # the registry line of an online request: the service, then what was asked


@dataclass
class Pending:
    key: str
    code: str  # the service code
    version: int
    answers: dict[str, Any]
    email: str
    code_hash: str
    expires_at: float
    # Signed in with an e-ID: the person is proven, no e-mail code is asked.
    citizen_ref: int | None = None
    identity_provider: str = ""
    assurance_level: str = ""

    @property
    def proven_by_eid(self) -> bool:
        return self.citizen_ref is not None


def _hash(key: str, one_time_code: str) -> str:
    return salted_hmac("ghiseu.email-code", f"{key}:{one_time_code}").hexdigest()


def pending_start(
    session: SessionBase,
    *,
    service_code: str,
    service_title: str,
    version: int,
    answers: dict[str, Any],
    email: str,
    language: str,
    signed_in: Any = None,
) -> Pending:
    """Keep the answers until the e-mail address is proven by a code; a citizen signed in
    with an e-ID (``signed_in``) is proven already and gets no code."""
    key = uuid.uuid4().hex
    one_time_code = f"{secrets.randbelow(1_000_000):06d}"
    pending = Pending(
        key=key,
        code=service_code,
        version=version,
        answers=answers,
        email=email,
        code_hash=_hash(key, one_time_code),
        expires_at=time.time() + CODE_LIFETIME_SECONDS,
    )
    if signed_in is not None:
        pending.citizen_ref = signed_in.citizen.pk
        pending.identity_provider = signed_in.provider
        pending.assurance_level = signed_in.assurance
    session[SESSION_KEY] = pending.__dict__
    if kept_files_get(session, service_code=service_code):
        session.pop(KEPT_KEY, None)  # the pending submission holds them now
    if pending.proven_by_eid:
        return pending
    notification_send(
        channel="email",
        kind="portal.email_code",
        recipient=email,
        context={
            "code": one_time_code,
            "service": service_title,
            "minutes": CODE_LIFETIME_SECONDS // 60,
        },
        idempotency_key=f"email-code:{key}",
        language=language,
    )
    return pending


# One-time codes go to an address the visitor has not proven yet: without a limit, the form
# could be used to flood someone's mailbox, or to try codes without end by asking for new ones
# (settings PORTAL_CODES_PER_ADDRESS_PER_HOUR and PORTAL_CODES_PER_CLIENT_PER_HOUR).


def code_request_refused(*, email: str, client_ip: str) -> str:
    """An error message when this address or this client asked for too many codes in the
    last hour; "" when a code may be sent."""
    over_address = rate_limit_hit(
        scope="email-code:address",
        key=email.strip().lower(),
        limit=settings.PORTAL_CODES_PER_ADDRESS_PER_HOUR,
        window_seconds=3600,
    )
    over_client = rate_limit_hit(
        scope="email-code:client",
        key=client_ip or "unknown",
        limit=settings.PORTAL_CODES_PER_CLIENT_PER_HOUR,
        window_seconds=3600,
    )
    if over_address or over_client:
        return _(
            "Ați cerut prea multe coduri de confirmare într-o oră. Încercați din nou mai "
            "târziu sau contactați instituția."
        )
    return ""


def pending_get(session: SessionBase, *, service_code: str) -> Pending | None:
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("code") != service_code:
        return None
    known = {field.name for field in fields(Pending)}
    try:
        return Pending(**{name: value for name, value in data.items() if name in known})
    except TypeError:
        return None


def pending_check_code(session: SessionBase, pending: Pending, one_time_code: str) -> str:
    """An error message, or "" when the code proves the address. Too many tries or an
    expired code end the submission: the citizen starts again. A try is counted before the
    code is compared, so at most MAX_ATTEMPTS codes are ever compared for one submission."""
    if time.time() > pending.expires_at:
        session.pop(SESSION_KEY, None)
        return _("Codul a expirat. Completați din nou formularul pentru a primi un cod nou.")
    tries = attempt_count(
        scope="email-code", key=pending.key, lifetime_seconds=CODE_LIFETIME_SECONDS + 60
    )
    too_many = _("Prea multe încercări greșite. Completați din nou formularul.")
    if tries > MAX_ATTEMPTS:
        session.pop(SESSION_KEY, None)
        return too_many
    cleaned = "".join(ch for ch in one_time_code if ch.isdigit())[:6]
    if constant_time_compare(_hash(pending.key, cleaned), pending.code_hash):
        return ""
    left = MAX_ATTEMPTS - tries
    if left <= 0:
        session.pop(SESSION_KEY, None)
        return too_many
    return ngettext(
        "Codul nu este corect. Mai aveți %(left)s încercare.",
        "Codul nu este corect. Mai aveți %(left)s încercări.",
        left,
    ) % {"left": left}


def pending_clear(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)
    session.pop(KEPT_KEY, None)


# The files a citizen attached to a form that was refused (or that they went back to change)
# stay attached for the next try: a phone's file picker is slow, and a file silently dropped
# is a request filed without its documents. They live in the pending folder, like the files
# of a pending submission.
KEPT_KEY = "ghiseu_kept_files"


def kept_files_get(session: SessionBase, *, service_code: str) -> dict[str, list[dict[str, Any]]]:
    data = session.get(KEPT_KEY)
    if not isinstance(data, dict) or data.get("code") != service_code:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def kept_files_set(
    session: SessionBase, *, service_code: str, files: dict[str, list[dict[str, Any]]]
) -> None:
    if files:
        session[KEPT_KEY] = {"code": service_code, "files": files}
    else:
        session.pop(KEPT_KEY, None)


def answered_files(answers: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The files among a form's answers, per field (to keep them when the form comes back);
    a single stored file (a draft saved before file fields took several) is a list of one."""
    files: dict[str, list[dict[str, Any]]] = {}
    for name, value in answers.items():
        if isinstance(value, dict) and "sha256" in value:
            files[name] = [value]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            files[name] = value
    return files


def pending_intake(
    *,
    pending: Pending,
    offering: Any,
    tracking_url_template: str,
    language: str,
    fee_state: str = "",
    fee_reference: str = "",
) -> Intake:
    """What the citizen's proven submission opens: the offer's service, term and receiving
    department, the answers with the labels of the form version they were given on."""
    service = offering.service
    answers = pending.answers
    version = service.versions.filter(number=pending.version).first()
    schema = [*(version.form_schema if version else []), *offering.extra_fields]
    return Intake(
        channel=Channel.ONLINE,
        service_code=service.code,
        service_title=service.title_ro,
        service_version=pending.version,
        term_days=offering.effective_term_days,
        term_unit=service.term_unit,
        extension_days=service.extension_days,
        department=offering.department,  # an inactive one receives nothing: the registry
        file_code=service.archive_code,
        citizen_name=answers.get("full_name", ""),
        citizen_email=pending.email,
        citizen_phone=answers.get("phone", ""),
        answers=answers,
        answer_labels=labels_in_order(schema),
        summary=summary_of(f"{service.title_ro}: {answers.get('content', '')}", limit=SUMMARY),
        submission_key=pending.key,
        documents=tuple(stored for files in answered_files(answers).values() for stored in files),
        tracking_url_template=tracking_url_template,
        language=language,
        citizen_ref=pending.citizen_ref,
        identity_provider=pending.identity_provider,
        assurance_level=pending.assurance_level,
        fee_amount=offering_fee(offering),
        fee_state=fee_state if offering_fee(offering) else "",
        fee_reference=fee_reference,
    )


def offering_fee(offering: Any) -> Decimal | None:
    """The fee the UAT asks for this service online; None when it is free."""
    fee = offering.effective_fee
    return fee if isinstance(fee, Decimal) and fee > 0 else None


def pending_register(
    *,
    pending: Pending,
    offering: Any,
    tracking_url_template: str,
    language: str,
    fee_state: str = "",
    fee_reference: str = "",
) -> Case:
    """Register a submission whose e-mail address (or e-ID) is proven (once per key)."""
    return case_open(
        intake=pending_intake(
            pending=pending,
            offering=offering,
            tracking_url_template=tracking_url_template,
            language=language,
            fee_state=fee_state,
            fee_reference=fee_reference,
        )
    )
