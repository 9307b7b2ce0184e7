"""The registry book pages (``/birou/registratura/``): the book of a period, registering an
incoming document or an outgoing letter, and the book's export as CSV and PDF.

Only the registratura and the UAT's administrators come here (others get 403, anonymous
visitors the sign-in page, the county site a 404).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_tenants.utils import schema_context

from dms import permissions
from dms.documents.letterhead.base import issuer_of
from dms.registry import selectors, services
from dms.registry.export import book_pdf, csv_lines
from dms.registry.forms import BookFilterForm, IncomingForm, OutgoingForm
from ghiseu.accounts.guards import signed_in_user, uat_staff_page
from ghiseu.audit.services import audit_record
from ghiseu.ops.forms import add_service_errors

View = Callable[..., HttpResponseBase]
PAGE_SIZE = 50
# reportlab lays out about 1,200 rows a second here: beyond this a request would outlive the
# web worker's timeout. The CSV streams any period.
PDF_MAX_ROWS = 20_000


registrars_only = uat_staff_page(permissions.may_register)


def _book(request: HttpRequest, filters: BookFilterForm, *, status: int = 200) -> HttpResponse:
    page = selectors.registry_book_page(
        user=request.user,
        size=PAGE_SIZE,
        older_than=selectors.BookCursor.decode(request.GET.get("dupa")),
        newer_than=selectors.BookCursor.decode(request.GET.get("inainte")),
        last=request.GET.get("ultima") == "1",
        **filters.filters(),
    )
    return render(
        request,
        "dms/registry/book.html",
        {"page": page, "filters": filters, "period": filters.filters()},
        status=status,
    )


@registrars_only
@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    start, end = selectors.period_default()
    return _book(request, BookFilterForm(request.GET or None, initial={"start": start, "end": end}))


@registrars_only
@require_http_methods(["GET", "POST"])
def incoming_new(request: HttpRequest) -> HttpResponse:
    form = IncomingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = services.IncomingLetter(
            channel=data["channel"],
            sender_name=data["sender_name"],
            sender_reference=data["sender_reference"],
            sender_date=data["sender_date"],
            summary=data["summary"],
            pages=data["pages"],
            annexes=data["annexes"],
            resolution=data["resolution"],
            file_code=data["file_code"],
            department=data["department"],
            term_days=data["term_days"],
            petition=data["petition"],
            citizen_email=data["citizen_email"],
            citizen_phone=data["citizen_phone"],
            files=tuple(data["documents"]),
        )
        try:
            entry = services.entry_register_incoming(user=signed_in_user(request), letter=letter)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("Înregistrat cu nr. %(number)s.") % {"number": entry.display_number}
            if data["department"] is not None:
                message += " " + _("Lucrarea a ajuns la compartimentul „%(department)s”.") % {
                    "department": data["department"]
                }
            messages.success(request, message)
            return redirect("dms:registry")
    return render(request, "dms/registry/incoming.html", {"form": form})


@registrars_only
@require_http_methods(["GET", "POST"])
def outgoing_new(request: HttpRequest) -> HttpResponse:
    form = OutgoingForm(
        request.POST or None,
        request.FILES or None,
        initial={"linked": request.GET.get("conexare", "")[:20]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = services.OutgoingLetter(
            channel=data["channel"],
            recipient=data["recipient"],
            summary=data["summary"],
            pages=data["pages"],
            annexes=data["annexes"],
            dispatch_date=data["dispatch_date"],
            department=data["department"],
            linked=data["linked"],
            file_code=data["file_code"],
            files=tuple(data["documents"]),
        )
        try:
            entry = services.entry_register_outgoing(
                user=signed_in_user(request),
                letter=letter,
                sender=issuer_of(request.tenant).name,  # type: ignore[attr-defined]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            number = entry.display_number
            messages.success(
                request, _("Ieșire înregistrată cu nr. %(number)s.") % {"number": number}
            )
            return redirect("dms:registry")
    return render(request, "dms/registry/outgoing.html", {"form": form})


def _export_period(request: HttpRequest, kind: str) -> tuple[BookFilterForm, dict[str, Any]]:
    filters = BookFilterForm(request.GET)
    if not filters.is_valid():
        return filters, {}
    chosen = filters.filters()
    entries = selectors.registry_entries(user=request.user, **chosen)
    rows = entries.count()
    if kind == "pdf" and rows > PDF_MAX_ROWS:
        filters.add_error(
            None,
            ngettext(
                "Perioada are %(count)s înregistrare; PDF-ul cuprinde cel mult %(max)s. Alegeți o "
                "perioadă mai scurtă sau descărcați CSV-ul.",
                "Perioada are %(count)s înregistrări; PDF-ul cuprinde cel mult %(max)s. Alegeți o "
                "perioadă mai scurtă sau descărcați CSV-ul.",
                rows,
            )
            % {"count": rows, "max": PDF_MAX_ROWS},
        )
        return filters, {}
    audit_record(
        actor=request.user,
        action="registry.exported",
        target=request.tenant,  # type: ignore[attr-defined]
        data={
            "format": kind,
            "start": chosen["start"].isoformat(),
            "end": chosen["end"].isoformat(),
            "direction": chosen["direction"],
            "channel": chosen["channel"],
            "search": chosen["search"],
            "rows": rows,
        },
    )
    return filters, {**chosen, "entries": entries}


def _filename(chosen: dict[str, Any], extension: str) -> str:
    return f"registru-{chosen['start']:%Y%m%d}-{chosen['end']:%Y%m%d}.{extension}"


def _in_schema(schema: str, lines: Iterator[bytes]) -> Iterator[bytes]:
    # The response is iterated after the tenant middleware has put the connection back on the
    # public schema: the rows must still be read from this UAT's schema.
    with schema_context(schema):
        yield from lines


@registrars_only
@require_GET
def export_csv(request: HttpRequest) -> HttpResponseBase:
    filters, chosen = _export_period(request, "csv")
    if not chosen:
        return _book(request, filters, status=400)
    response = StreamingHttpResponse(
        _in_schema(request.tenant.schema_name, csv_lines(chosen["entries"])),  # type: ignore[attr-defined]
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(chosen, "csv")}"'
    return response


@registrars_only
@require_GET
def export_pdf(request: HttpRequest) -> HttpResponseBase:
    filters, chosen = _export_period(request, "pdf")
    if not chosen:
        return _book(request, filters, status=400)
    handle = book_pdf(
        chosen["entries"],
        issuer=issuer_of(request.tenant),  # type: ignore[attr-defined]
        start=chosen["start"],
        end=chosen["end"],
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(chosen, "pdf"),
        content_type="application/pdf",
    )
