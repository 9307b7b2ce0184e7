"""Reads on cases for the citizen: by the unguessable tracking token only."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from .models import Case, CaseEvent, Document

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def case_get_by_token(*, token: str) -> Case | None:
    if not _TOKEN.match(token or ""):
        return None
    return Case.objects.select_related("entry").filter(tracking_token=token).first()


def case_public_events(*, case: Case) -> QuerySet[CaseEvent]:
    return case.events.filter(visible_to_citizen=True)


def case_public_documents(*, case: Case) -> QuerySet[Document]:
    """What the citizen may download: their attachments and additions, and the answers;
    never the staff's internal documents."""
    return case.documents.filter(visible_to_citizen=True).exclude(kind="internal")


def case_document_get(*, token: str, document_id: int) -> Document | None:
    case = case_get_by_token(token=token)
    if case is None:
        return None
    return case_public_documents(case=case).filter(pk=document_id).first()


def cases_for_email(*, email: str, limit: int = 100) -> list[Case]:
    """A verified citizen's requests at this UAT, newest first, in one query."""
    return list(
        Case.objects.filter(citizen_email__iexact=email)
        .select_related("entry")
        .order_by("-created_at")[:limit]
    )
