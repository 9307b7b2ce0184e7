"""Forwarding a case to another institution (OG 27/2002 art. 6: a petition addressed to the
wrong authority goes to the competent one within 5 days of registration, and the petitioner is
told).

When the other institution is a UAT on the platform, the request arrives in its inbox in the
same database transaction: the connection switches to the target's schema (same connection,
so one transaction spans both schemas), registers the request there under the target's own
number, copies its documents and tells the citizen in the target's name; back in the source
schema the case is closed as forwarded, with a link to the new case. Either both schemas change
or neither does.

Lock order: the source case row, then the target's registry counter. Nothing here takes the
source's counter, so two UATs forwarding to each other at the same moment cannot deadlock.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from dms.cases import workflow
from dms.cases.deadlines import next_working_day
from dms.cases.links import tracking_url
from dms.cases.notices import citizen_notice
from dms.cases.services import Intake, Origin, answers_moved, case_open
from dms.cases.workflow import WorkflowError, actor_label, event_add
from dms.documents.files import CASES, EXTENSIONS
from dms.models import Case, Channel, Document, DocumentKind
from dms.registry.search import entry_search_refresh
from ghiseu.accounts.models import User
from ghiseu.ops.tenancy import current_tenant_record, tenant_db
from tenants.models import UAT, UATStatus

logger = logging.getLogger(__name__)

FORWARD_DAYS = 5  # OG 27/2002 art. 6 alin. (2)
MAX_NOTE = 10_000
# The citizen's own documents travel with the request; the source's internal papers stay.
TRAVELLING_KINDS = frozenset({DocumentKind.ATTACHMENT, DocumentKind.CLARIFICATION})


def forward_limit(case: Case) -> date:
    """The last day to forward: 5 calendar days after registration (the day of registration
    does not count), moved to the next working day. The case page shows it."""
    registered_on = timezone.localdate(case.entry.registered_at)
    return next_working_day(registered_on + timedelta(days=FORWARD_DAYS))


def forward_is_late(case: Case, *, today: date | None = None) -> bool:
    return (today or timezone.localdate()) > forward_limit(case)


def submission_key_of(*, source_schema: str, case_id: int) -> str:
    """The target case's submission key: a retried forward finds it and registers nothing."""
    return f"fwd:{source_schema}:{case_id}"


@transaction.atomic
def case_forward_external(
    *,
    case_id: int,
    user: User,
    revision: int | None,
    institution: str,
    target_uat_slug: str | None,
    note: str,
) -> Case:
    """Forward the case to ``institution`` (or to the platform UAT ``target_uat_slug``, whose
    official name is then the institution). A late forwarding is not refused: the law wants
    it done anyway; it is recorded as late (audit data, and a staff-only note in the history).
    """
    case = workflow.lock(case_id=case_id, user=user, action="forward_external", revision=revision)
    workflow.permit(user, case, "forward_external")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise WorkflowError("too_long", _("Textul are cel mult 10.000 de caractere."))
    source = current_tenant_record()
    target = _target_uat(target_uat_slug, source=source)
    institution = target.official_name if target is not None else (institution or "").strip()
    if not institution:
        raise WorkflowError(
            "missing_institution", _("Scrieți numele instituției către care trimiteți cererea.")
        )
    if len(institution) > 200:
        raise WorkflowError("too_long", _("Numele instituției are cel mult 200 de caractere."))

    today = timezone.localdate()
    limit = forward_limit(case)
    on_time = today <= limit
    data: dict[str, Any] = {
        "institution": institution,
        "limit": f"{limit}",
        "on_time": on_time,
    }
    if target is not None:
        arrived = _arrive(case=case, user=user, source=source, target=target, note=note)
        case.forwarded_to_schema = target.schema_name
        case.forwarded_tracking_url = tracking_url(arrived, tenant=target)
        data.update(target_schema=target.schema_name, target_number=arrived.entry.display_number)
    case.forwarded_to = institution
    event = workflow.record(
        case,
        user=user,
        action="forward_external",
        note=note,
        data=data,
        update_fields=("forwarded_to", "forwarded_to_schema", "forwarded_tracking_url"),
    )
    if not on_time:
        event_add(
            case,
            kind="note",
            user=user,
            visible_to_citizen=False,
            note=_(
                "Redirecționată după termenul legal de 5 zile de la înregistrare "
                "(termen: %(limit)s)."
            )
            % {"limit": f"{limit:%d.%m.%Y}"},
        )
    entry = case.entry
    entry.resolution = (_("Redirecționată către %(institution)s") % {"institution": institution})[
        :300
    ]
    entry.recipient = institution[:200]
    entry.dispatch_date = today
    entry.save(update_fields=["resolution", "recipient", "dispatch_date"])
    entry_search_refresh(entry)
    citizen_notice(
        case,
        event,
        message=note,
        extra=_source_extra(case, institution=institution, number=data.get("target_number", "")),
    )
    return case


def _target_uat(slug: str | None, *, source: Any) -> UAT | None:
    slug = (slug or "").strip()
    if not slug:
        return None
    target = UAT.objects.filter(slug=slug, status=UATStatus.ACTIVE).first()
    if target is None:
        raise WorkflowError(
            "unknown_institution",
            _("Instituția aleasă nu este în platformă sau nu primește acum cereri."),
        )
    if source is not None and target.schema_name == source.schema_name:
        raise WorkflowError(
            "same_institution", _("Cererea este deja la această instituție; alegeți alta.")
        )
    return target


def _source_extra(case: Case, *, institution: str, number: str) -> str:
    with translation.override(case.language):
        if case.forwarded_tracking_url:
            return _(
                "Instituția competentă este %(institution)s. Cererea dvs. a fost înregistrată "
                "acolo cu nr. %(number)s; o puteți urmări aici: %(url)s"
            ) % {"institution": institution, "number": number, "url": case.forwarded_tracking_url}
        return _(
            "Instituția competentă este %(institution)s; cererea dvs. i-a fost trimisă și vă va "
            "răspunde direct."
        ) % {"institution": institution}


def _arrive(*, case: Case, user: User, source: Any, target: UAT, note: str) -> Case:
    """Register the request in the target's schema, in the caller's transaction; the
    connection is back on the source schema afterwards, also when this fails."""
    source_schema = tenant_db().schema_name
    payload = _travelling(case, source=source, source_schema=source_schema, user=user, note=note)
    documents = list(Document.objects.filter(case=case, kind__in=TRAVELLING_KINDS).order_by("pk"))
    try:
        with tenant_context(target):
            return _register_arrival(payload, documents=documents, target=target)
    except (DatabaseError, OSError) as error:
        # The caller's atomic block rolls both schemas back when this propagates.
        logger.exception("forwarding to %s failed", target.schema_name)
        raise WorkflowError(
            "target_failed",
            _(
                "Cererea nu a putut fi înregistrată la %(institution)s; nu s-a schimbat nimic. "
                "Încercați din nou peste câteva minute."
            )
            % {"institution": target.official_name},
        ) from error


def _travelling(
    case: Case, *, source: Any, source_schema: str, user: User, note: str
) -> dict[str, Any]:
    """What the target needs of the source case, read while still in the source schema."""
    return {
        "source_name": source.official_name if source is not None else source_schema,
        "source_schema": source_schema,
        "source_id": case.pk,
        "reference": case.entry.display_number,
        "registered_on": timezone.localdate(case.entry.registered_at),
        "summary": case.entry.summary,
        "origin_tracking_url": tracking_url(case, tenant=source),
        "forwarded_by": actor_label(user),
        "note": note,
        "case": {
            "service_code": case.service_code,
            "service_title": case.service_title,
            "answer_labels": case.answer_labels,
            "service_version": case.service_version,
            "term_days": case.term_days,
            "term_unit": case.term_unit,
            "extension_days": case.extension_days,
            "citizen_name": case.citizen_name,
            "citizen_email": case.citizen_email,
            "citizen_phone": case.citizen_phone,
            "language": case.language,
            "answers": case.answers,
        },
    }


def _copy_file(document: Document, *, target_schema: str) -> str:
    """The document's bytes under the target's prefix (content-addressed: a copy left behind
    by a rolled-back forward is harmless, and a second forward reuses it)."""
    name = document.storage_key.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1] if "." in name else EXTENSIONS.get(document.content_type)
    key = f"{target_schema}/{CASES}/{document.sha256}" + (f".{extension}" if extension else "")
    if not default_storage.exists(key):
        with default_storage.open(document.storage_key, "rb") as handle:
            key = default_storage.save(key, ContentFile(handle.read()))
    return key


def _register_arrival(payload: dict[str, Any], *, documents: list[Document], target: UAT) -> Case:
    """Inside the target's schema: the request opened there under the target's own number,
    with copies of its documents (the file copies first: the target's counter lock, which its
    own submissions wait on, is taken last)."""
    key = submission_key_of(source_schema=payload["source_schema"], case_id=payload["source_id"])
    existing = Case.objects.filter(submission_key=key).select_related("entry").first()
    if existing is not None:
        return existing
    keys = {d.pk: _copy_file(d, target_schema=target.schema_name) for d in documents}
    position = {d.pk: index for index, d in enumerate(documents)}
    values = dict(payload["case"])
    answers = answers_moved(values.pop("answers"), {d.storage_key: keys[d.pk] for d in documents})
    # The term runs from the registration at the competent institution.
    return case_open(
        intake=Intake(
            channel=Channel.PLATFORM,
            **values,
            answers=answers,
            summary=payload["summary"],
            submission_key=key,
            sender_name=payload["source_name"],
            sender_reference=payload["reference"],
            sender_date=payload["registered_on"],
            documents=tuple(
                {
                    "name": d.name,
                    "sha256": d.sha256,
                    "content_type": d.content_type,
                    "size": d.size,
                    "storage_key": keys[d.pk],
                    "kind": d.kind,
                    "visible_to_citizen": d.visible_to_citizen,
                    "version": d.version,
                    "previous": position.get(d.previous_version_id or 0),
                    "text": d.text,
                    "indexed_at": d.indexed_at,
                    "signature_status": d.signature_status,
                    "signature_detail": d.signature_detail,
                }
                for d in documents
            ),
            origin=Origin(
                institution=payload["source_name"],
                schema=payload["source_schema"],
                reference=payload["reference"],
                registered_on=payload["registered_on"],
                tracking_url=payload["origin_tracking_url"],
                forwarded_by=payload["forwarded_by"],
                note=payload["note"],
            ),
        )
    )


__all__ = [
    "FORWARD_DAYS",
    "case_forward_external",
    "forward_is_late",
    "forward_limit",
    "submission_key_of",
]
