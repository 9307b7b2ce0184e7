"""Writes on public consultation: a draft put to consultation under the next number of the
register of drafts, its publication, the recommendations received (each under the next number
of the register of proposals, once per proven e-mail submission) and their answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ghiseu.audit.services import audit_record
from website.dates import past_date_check
from website.documents import CheckedFile, site_file_store
from website.mol.models import Act
from website.registers import Register, register_number_take

from .models import AnswerStatus, Consultation, Recommendation
from .rules import consultation_dates_check

MAX_RECOMMENDATION = 10_000


@dataclass(frozen=True)
class ConsultationData:
    title: str
    summary_html: str  # sanitized by the form
    pdf: CheckedFile
    comments_until: date
    vote_not_before: date
    debate_on: date | None = None
    publish: bool = True
    announced_on: date | None = None  # the day it is published; the demo backdates it


def consultation_create(*, user: Any, data: ConsultationData) -> Consultation:
    today = timezone.localdate()
    announced_on = data.announced_on or today
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError({"title": _("Scrieți titlul proiectului.")})
    consultation_dates_check(
        announced_on=announced_on,
        comments_until=data.comments_until,
        vote_not_before=data.vote_not_before,
    )
    stored = site_file_store(data.pdf)
    with transaction.atomic():
        number = register_number_take(register=Register.DRAFT_DECISIONS, year=announced_on.year)
        consultation = Consultation.objects.create(
            year=announced_on.year,
            number=number,
            title=title[:500],
            summary_html=data.summary_html,
            announced_on=announced_on,
            comments_until=data.comments_until,
            vote_not_before=data.vote_not_before,
            debate_on=data.debate_on,
            draft_name=stored.name,
            draft_sha256=stored.sha256,
            draft_size=stored.size,
            draft_storage_key=stored.storage_key,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            published_at=timezone.now() if data.publish else None,
        )
        audit_record(
            actor=user,
            action="consultation.created",
            target=consultation,
            data={"number": consultation.reference, "published": data.publish},
        )
    return consultation


def _locked(consultation_id: int) -> Consultation:
    consultation = Consultation.objects.select_for_update().filter(pk=consultation_id).first()
    if consultation is None:
        raise ValidationError(_("Proiectul nu există."), code="not_found")
    return consultation


@transaction.atomic
def consultation_publish(*, user: Any, consultation_id: int) -> Consultation:
    """Publish a draft saved unpublished: it is announced today, so its dates are checked
    again against today."""
    consultation = _locked(consultation_id)
    if consultation.published_at is not None:
        return consultation
    today = timezone.localdate()
    consultation_dates_check(
        announced_on=today,
        comments_until=consultation.comments_until,
        vote_not_before=consultation.vote_not_before,
    )
    consultation.announced_on, consultation.published_at = today, timezone.now()
    consultation.save(update_fields=["announced_on", "published_at", "updated_at"])
    audit_record(actor=user, action="consultation.published", target=consultation)
    return consultation


@transaction.atomic
def consultation_unpublish(*, user: Any, consultation_id: int) -> Consultation:
    consultation = _locked(consultation_id)
    if consultation.recommendations.exists():
        raise ValidationError(
            _("Proiectul a primit recomandări: rămâne public, cu registrul lor."),
            code="has_recommendations",
        )
    if consultation.published_at is not None:
        consultation.published_at = None
        consultation.save(update_fields=["published_at", "updated_at"])
        audit_record(actor=user, action="consultation.unpublished", target=consultation)
    return consultation


@transaction.atomic
def consultation_record_outcome(
    *,
    user: Any,
    consultation_id: int,
    debate_on: date | None,
    debate_participants: int,
    lawsuits: int,
    adopted_reference: str = "",
) -> Consultation:
    """What the yearly report counts: the public debate, its participants, lawsuits, and the
    decision the draft became ("45/2026" in the register of decisions)."""
    consultation = _locked(consultation_id)
    today = timezone.localdate()
    if debate_on is not None:
        past_date_check(
            debate_on, field="debate_on", today=today, earliest=consultation.announced_on
        )
    adopted = None
    if adopted_reference.strip():
        number, _slash, year = adopted_reference.strip().partition("/")
        if number.isdigit() and year.isdigit() and len(number) < 9 and len(year) == 4:
            adopted = Act.objects.filter(
                section="hotarari", number=int(number), year=int(year)
            ).first()
        if adopted is None:
            raise ValidationError({"adopted_reference": _("Nu există o hotărâre cu acest număr.")})
    consultation.debate_on = debate_on
    consultation.debate_participants = debate_participants
    consultation.lawsuits = lawsuits
    consultation.adopted_act = adopted
    consultation.save(
        update_fields=[
            "debate_on",
            "debate_participants",
            "lawsuits",
            "adopted_act",
            "updated_at",
        ]
    )
    audit_record(
        actor=user,
        action="consultation.outcome_recorded",
        target=consultation,
        data={
            "debate_on": f"{debate_on or ''}",
            "participants": debate_participants,
            "lawsuits": lawsuits,
            "adopted": adopted.pk if adopted else None,
        },
    )
    return consultation


def _closed_error() -> ValidationError:
    return ValidationError(
        _("Perioada de consultare s-a încheiat: recomandările nu se mai pot trimite."),
        code="closed",
    )


def recommendation_check_open(*, consultation: Consultation) -> None:
    if not consultation.is_open(timezone.localdate()):
        raise _closed_error()


def recommendation_register(
    *,
    consultation_id: int,
    author_name: str,
    organisation: str,
    email: str,
    text: str,
    submission_key: str,
) -> Recommendation:
    """Register a recommendation whose sender proved the e-mail address; a replayed
    submission returns the one registered (and takes no second number)."""
    existing = Recommendation.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    try:
        return _recommendation_create(
            consultation_id=consultation_id,
            author_name=" ".join(author_name.split())[:150],
            organisation=" ".join(organisation.split())[:200],
            email=email.strip().lower(),
            text=text.strip()[:MAX_RECOMMENDATION],
            submission_key=submission_key,
        )
    except IntegrityError:
        return Recommendation.objects.get(submission_key=submission_key)


@transaction.atomic
def _recommendation_create(*, consultation_id: int, **fields: str) -> Recommendation:
    consultation = Consultation.objects.select_for_update().filter(pk=consultation_id).first()
    if consultation is None:
        raise _closed_error()
    # Checked under the lock, at the moment of registration: a code proven one minute after
    # midnight of the last day is too late.
    recommendation_check_open(consultation=consultation)
    now = timezone.now()
    year = timezone.localdate(now).year
    number = register_number_take(register=Register.PROPOSALS, year=year)
    recommendation = Recommendation.objects.create(
        consultation=consultation, year=year, number=number, received_at=now, **fields
    )
    audit_record(
        actor=None,
        action="consultation.recommendation_registered",
        target=recommendation,
        data={"consultation": consultation.pk, "number": f"{number}/{year}"},
    )
    return recommendation


@transaction.atomic
def recommendation_answer(
    *, user: Any, recommendation_id: int, status: str, answer: str
) -> Recommendation:
    recommendation = Recommendation.objects.select_for_update().filter(pk=recommendation_id).first()
    if recommendation is None:
        raise ValidationError(_("Recomandarea nu există."), code="not_found")
    errors: dict[str, str] = {}
    if status not in AnswerStatus.values or status == AnswerStatus.PENDING:
        errors["status"] = _("Alegeți dacă recomandarea este acceptată sau respinsă.")
    if not answer.strip():
        errors["answer"] = _("Scrieți răspunsul: el apare în registrul public.")
    if errors:
        raise ValidationError(errors)
    recommendation.status, recommendation.answer = status, answer.strip()[:MAX_RECOMMENDATION]
    recommendation.answered_at = timezone.now()
    recommendation.answered_by = user if getattr(user, "is_authenticated", False) else None
    recommendation.save(update_fields=["status", "answer", "answered_at", "answered_by"])
    audit_record(
        actor=user,
        action="consultation.recommendation_answered",
        target=recommendation,
        data={"status": status},
    )
    return recommendation
