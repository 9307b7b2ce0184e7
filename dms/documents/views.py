"""A case's documents for the staff: download, inline preview and a new version.

A document is served only after the check that it belongs to a case the user may see. On S3
the response is a redirect to a presigned URL that expires in minutes; on a local file system
the bytes are streamed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from dms import permissions
from dms.cases import selectors
from dms.cases.forms import MAX_ID, NewVersionForm
from dms.cases.views import case_or_404, redirect_to_case, render_case, staff_only, stale
from dms.cases.workflow import WorkflowError
from dms.documents.files import ALLOWED_TYPES
from dms.documents.services import document_new_version
from dms.models import Document
from ghiseu.accounts.guards import signed_in_user
from ghiseu.ops.forms import add_service_errors

PREVIEWABLE = frozenset(ALLOWED_TYPES)  # every accepted type shows in a browser


def _document_or_404(request: HttpRequest, pk: int, document_id: int) -> Document:
    document = (
        selectors.document_get_for_staff(user=request.user, case_pk=pk, document_pk=document_id)
        if 0 < pk <= MAX_ID and 0 < document_id <= MAX_ID
        else None
    )
    if document is None:
        raise Http404
    return document


def _serve(document: Document, *, inline: bool) -> HttpResponseBase:
    response: HttpResponseBase
    if getattr(default_storage, "querystring_auth", False):
        disposition = content_disposition_header(not inline, document.name)
        url = default_storage.url(  # type: ignore[call-arg]  # S3Storage takes parameters
            document.storage_key,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": document.content_type,
            },
        )
        response = HttpResponseRedirect(url)
    else:
        try:
            handle = default_storage.open(document.storage_key, "rb")
        except OSError:
            raise Http404 from None
        response = FileResponse(
            handle,
            content_type=document.content_type,
            as_attachment=not inline,
            filename=document.name,
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_only
@require_safe
def document_download(request: HttpRequest, pk: int, document_id: int) -> HttpResponseBase:
    return _serve(_document_or_404(request, pk, document_id), inline=False)


@staff_only
@require_safe
def document_preview(request: HttpRequest, pk: int, document_id: int) -> HttpResponseBase:
    """Shown in the browser (PDF and images only: their type was sniffed at upload)."""
    document = _document_or_404(request, pk, document_id)
    if document.content_type not in PREVIEWABLE:
        raise Http404
    response = _serve(document, inline=True)
    # The browser's own PDF viewer needs to run inside this response; nothing else may.
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
        "object-src 'self'; frame-ancestors 'self'"
    )
    return response


@staff_only
@require_POST
def document_version(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    """A new version of a staff document (an answer, an internal document)."""
    case = case_or_404(request, pk)
    document = _document_or_404(request, pk, document_id)
    if document.kind not in selectors.STAFF_KINDS or not permissions.may_work(request.user, case):
        raise Http404
    if case.is_closed:
        # The answer the citizen received is registered; a changed one is a new letter.
        messages.error(request, _("Cererea este închisă: documentele ei nu mai primesc versiuni."))
        return redirect_to_case(case)
    prefix = f"v{document.pk}"
    form = NewVersionForm(request.POST, request.FILES, prefix=prefix)
    if not form.is_valid():
        if "revision" in form.errors:
            return stale(request, case)
        return render_case(request, case, bound=form, bound_name=prefix)
    try:
        with transaction.atomic():
            # The revision the page was shown with must still be the case's: a stale page is a
            # conflict, as for every action on the case.
            locked = permissions.cases_visible_to(request.user).select_for_update(of=("self",))
            current = locked.filter(pk=case.pk).values_list("revision", flat=True).first()
            if current != form.cleaned_data["revision"]:
                raise WorkflowError(
                    "conflict",
                    _(
                        "Cererea a fost modificată între timp de altcineva. Reîncărcați pagina "
                        "și verificați ce s-a schimbat."
                    ),
                )
            document_new_version(
                document_id=document.pk,
                checked=form.cleaned_data["document"],
                user=signed_in_user(request),
            )
    except WorkflowError as error:
        messages.error(request, f"{error.message} " + _("Mai jos este starea actuală a cererii."))
        return redirect_to_case(case)
    except ValueError:
        form.add_error(None, _("Documentul are deja o versiune mai nouă; reîncărcați pagina."))
        return render_case(request, case, bound=form, bound_name=prefix)
    except ValidationError as error:
        add_service_errors(form, error, field="document")
        return render_case(request, case, bound=form, bound_name=prefix)
    messages.success(request, _("Versiunea nouă a documentului a fost salvată."))
    return redirect_to_case(case)
