"""The satisfaction survey: an unguessable single-use link in the answer's notice, a 1-5
score, a reason and an optional comment; a low score, or a comment the citizen asks to be
treated as a complaint, opens a complaint for the head of the case's department."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from billing_reporting.facts.selectors import fact_outcome
from ghiseu.accounts.models import Role, User
from ghiseu.audit.services import audit_record
from ghiseu.notifications.services import notification_send
from ghiseu.ops.links import uat_url
from ghiseu.ops.text import bidi_neutral

from ..nonconformities.services import nonconformity_open_for_complaint
from .models import Survey, SurveyReason
from .selectors import token_digest

MAX_COMMENT = 2000
LOW_SCORE = 2  # 1 or 2 opens a complaint
ANSWERED_OUTCOMES = frozenset({"answered", "rejected"})


class SurveyError(Exception):
    """A refused answer, with a stable code and a message for the citizen."""

    def __init__(self, code: str, message: object) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = str(message)


def survey_url(token: str) -> str:
    path = reverse("survey:answer", urlconf=settings.ROOT_URLCONF, kwargs={"token": token})
    return uat_url(path)


def survey_invite(
    *, case_id: int, case_number: str, service_code: str, department_id: int | None
) -> str | None:
    """The survey link of an answered case, created in the caller's transaction; None when the
    case already has one (a case is surveyed once: its link went with the first notice)."""
    token = secrets.token_urlsafe(32)
    table = Survey._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (case_id, case_number, service_code, department_id,"  # noqa: S608
            " token_digest, created_at, reason, comment, wants_follow_up)"
            " VALUES (%s, %s, %s, %s, %s, %s, '', '', false)"
            " ON CONFLICT (case_id) DO NOTHING RETURNING id",
            [
                case_id,
                case_number,
                service_code,
                department_id or 0,
                token_digest(token),
                timezone.now(),
            ],
        )
        if cursor.fetchone() is None:
            return None
    _refresh_fact(case_id)
    return survey_url(token)


SURVEYED_EVENTS = frozenset({"answered", "rejected"})


def survey_link_for_notice(case: Any, event: Any) -> dict[str, str]:
    """The survey link the answer's e-mail carries (dms asks, in the notice's transaction)."""
    if event.kind not in SURVEYED_EVENTS or not case.citizen_email:
        return {}
    url = survey_invite(
        case_id=case.pk,
        case_number=case.entry.display_number,
        service_code=case.service_code,
        department_id=case.department_id,
    )
    return {"survey_url": url} if url else {}


@dataclass(frozen=True)
class SurveyAnswer:
    score: int
    reason: str
    comment: str
    wants_follow_up: bool


def _check(answer: SurveyAnswer) -> SurveyAnswer:
    if answer.score not in range(1, 6):
        raise SurveyError("invalid_score", _("Alegeți o notă de la 1 la 5."))
    if answer.reason not in SurveyReason.values:
        raise SurveyError("invalid_reason", _("Alegeți motivul din listă."))
    comment = (answer.comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise SurveyError("too_long", _("Comentariul are cel mult 2.000 de caractere."))
    if answer.wants_follow_up and not comment:
        raise SurveyError("missing_comment", _("Scrieți în comentariu ce doriți să verificăm."))
    return SurveyAnswer(answer.score, answer.reason, comment, answer.wants_follow_up)


@transaction.atomic
def survey_answer(*, token: str, answer: SurveyAnswer) -> Survey:
    """Record the citizen's answer once. The link is the authorization: a forged one, another
    UAT's (looked up in this schema only), or one already used changes nothing."""
    survey = (
        Survey.objects.select_for_update().filter(token_digest=token_digest(token)).first()
        if token and len(token) <= 100
        else None
    )
    if survey is None:
        raise SurveyError("not_found", _("Linkul chestionarului nu este valid."))
    if survey.answered_at is not None:
        raise SurveyError("already_answered", _("Ați răspuns deja la acest chestionar. Mulțumim!"))
    schema = connection.schema_name  # type: ignore[attr-defined]
    if fact_outcome(schema=schema, case_id=survey.case_id) not in ANSWERED_OUTCOMES:
        raise SurveyError("not_answered", _("Cererea nu are încă un răspuns de evaluat."))
    answer = _check(answer)
    survey.score, survey.reason = answer.score, answer.reason
    survey.comment, survey.wants_follow_up = answer.comment, answer.wants_follow_up
    survey.answered_at = timezone.now()
    survey.save(update_fields=["score", "reason", "comment", "wants_follow_up", "answered_at"])
    audit_record(
        actor=None,
        action="survey.answered",
        target=survey,
        data={"case": survey.case_number, "score": answer.score, "reason": answer.reason},
    )
    if answer.score <= LOW_SCORE or answer.wants_follow_up:
        _complaint(survey)
    _refresh_fact(survey.case_id)
    return survey


def _complaint(survey: Survey) -> None:
    reason = SurveyReason(survey.reason).label
    nonconformity = nonconformity_open_for_complaint(
        survey=survey,
        title=_("Reclamație: cererea %(number)s, nota %(score)s")
        % {
            "number": survey.case_number,
            "score": survey.score,
        },
        description="\n".join(
            part for part in (_("Motiv: %(reason)s") % {"reason": reason}, survey.comment) if part
        ),
    )
    recipients = (
        list(User.objects.filter(pk=nonconformity.owner_id, is_active=True))
        if nonconformity.owner_id
        else list(User.objects.filter(role=Role.UAT_ADMIN, is_active=True))
    )
    link = uat_url(
        reverse(
            "nonconformities:detail",
            urlconf=settings.ROOT_URLCONF,
            kwargs={"pk": nonconformity.pk},
        )
    )
    for user in recipients:
        notification_send(
            channel="email",
            kind="quality.complaint",
            recipient=user.email,
            context={
                "recipient_name": user.full_name or user.email,
                "number": survey.case_number,
                "score": survey.score,
                "reason": str(reason),
                "comment": bidi_neutral(survey.comment),  # the citizen's words, to staff
                "nonconformity_url": link,
            },
            idempotency_key=f"survey:{survey.pk}:complaint:{user.pk}",
            language="ro",
        )


def _refresh_fact(case_id: int) -> None:
    from billing_reporting.facts.services import facts_refresh_cases, stats_refresh_after_commit

    schema = connection.schema_name  # type: ignore[attr-defined]
    days = facts_refresh_cases(schema=schema, case_ids=[case_id])
    stats_refresh_after_commit(schema=schema, days=days)
