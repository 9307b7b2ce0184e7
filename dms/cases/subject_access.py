"""The citizen's right of access (GDPR art. 15): everything this UAT holds about an e-mail
address, as one ZIP with a readable index (index.html), the same data as JSON (date.json)
and the documents the citizen may see. Built only for an address its owner just proved;
each export is an audit event of the UAT."""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ghiseu.audit.services import audit_record_about
from ghiseu.notifications.models import Notification
from ghiseu.ops.tenancy import current_tenant_record

from .answers import answers_in_order
from .models import Case

SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Export:
    file: IO[bytes]
    cases: int
    documents: int


def _case_data(case: Case, language: str) -> dict[str, Any]:
    documents = [d for d in case.documents.all() if d.visible_to_citizen and d.storage_key]
    return {
        "case": case,
        "number": case.entry.display_number,
        "registered": timezone.localtime(case.entry.registered_at).isoformat(),
        "service": case.service_title or case.service_code,
        "status": case.get_status_display(),
        "due_date": case.due_date.isoformat(),
        "closed_at": timezone.localtime(case.closed_at).isoformat() if case.closed_at else None,
        "name": case.citizen_name,
        "email": case.citizen_email,
        "phone": case.citizen_phone,
        "answers": [
            {"label": label, "value": value}
            for _name, label, value in answers_in_order(case.answers, case.answer_labels, language)
            if not isinstance(value, list | dict)
        ],
        "history": [
            {
                "when": timezone.localtime(e.occurred_at).isoformat(),
                "what": e.label,
                "note": e.note,
            }
            for e in case.events.all()
            if e.visible_to_citizen
        ],
        "documents": [
            {
                "name": d.name,
                "path": f"documente/{case.entry.display_number.replace('/', '-')}/"
                f"{n:02d}-{SAFE_NAME.sub('_', d.name)[:80]}",
                "sha256": d.sha256,
                "document": d,
            }
            for n, d in enumerate(documents, 1)
        ],
    }


def subject_access_export(*, email: str, language: str = "ro") -> Export:
    """Build the archive for a proven ``email`` of the current UAT and record the request."""
    address = email.strip().lower()
    cases = list(
        Case.objects.filter(citizen_email__iexact=address)
        .select_related("entry")
        .prefetch_related("events", "documents")
        .order_by("created_at")
    )
    messages = list(
        Notification.objects.filter(recipient__iexact=address)
        .order_by("created_at")
        .values("created_at", "channel", "subject", "body_text", "status")
    )
    with translation.override(language):
        data = [_case_data(case, language) for case in cases]
        uat = current_tenant_record()
        context = {
            "institution": getattr(uat, "official_name", ""),
            "email": address,
            "generated": timezone.localtime(),
            "cases": data,
            "messages": messages,
        }
        index = render_to_string("dms/subject_access/index.html", context)
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    documents = 0
    with zipfile.ZipFile(spooled, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", index)
        archive.writestr("date.json", json.dumps(_json(context), ensure_ascii=False, indent=2))
        for item in data:
            for document in item["documents"]:
                try:
                    with default_storage.open(document["document"].storage_key, "rb") as handle:
                        archive.writestr(document["path"], handle.read())
                    documents += 1
                except (FileNotFoundError, OSError):
                    continue
    spooled.seek(0)
    audit_record_about(
        actor=None,
        action="gdpr.access_exported",
        object_type="dms.subject_access",
        object_id=address,
        data={"cases": len(cases), "documents": documents, "messages": len(messages)},
    )
    return Export(file=spooled, cases=len(cases), documents=documents)


def _json(context: dict[str, Any]) -> dict[str, Any]:
    def case_json(item: dict[str, Any]) -> dict[str, Any]:
        plain = {k: v for k, v in item.items() if k not in {"case", "documents"}}
        plain["documents"] = [
            {"name": d["name"], "file": d["path"], "sha256": d["sha256"]} for d in item["documents"]
        ]
        return plain

    return {
        "institution": context["institution"],
        "email": context["email"],
        "generated": context["generated"].isoformat(),
        "requests": [case_json(item) for item in context["cases"]],
        "messages": [
            {**m, "created_at": timezone.localtime(m["created_at"]).isoformat()}
            for m in context["messages"]
        ],
    }
