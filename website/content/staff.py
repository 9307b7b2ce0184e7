"""The staff's editor for announcements and pages (/birou/site/)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ghiseu.ops.forms import add_service_errors
from website.permissions import site_editors_only

from . import selectors, services
from .forms import AnnouncementForm, AttachmentForm, PageForm
from .models import Announcement, PageKind

MAX_ID = 2**62


@site_editors_only
@require_safe
def announcement_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "website/staff/announcements.html",
        {"items": list(selectors.announcements_staff()[:200])},
    )


def _announcement_or_404(announcement_id: int) -> Announcement:
    found = (
        selectors.announcement_staff(announcement_id=announcement_id)
        if 0 < announcement_id <= MAX_ID
        else None
    )
    if found is None:
        raise Http404
    return found


def _data(form: AnnouncementForm) -> services.AnnouncementData:
    return services.AnnouncementData(**form.cleaned_data)


@site_editors_only
@require_http_methods(["GET", "POST"])
def announcement_edit(request: HttpRequest, announcement_id: int | None = None) -> HttpResponse:
    item = _announcement_or_404(announcement_id) if announcement_id is not None else None
    initial = (
        {
            "title": item.title,
            "category": item.category,
            "summary": item.summary,
            "body_html": item.body_html,
            "expires_on": item.expires_on,
        }
        if item
        else {}
    )
    form = AnnouncementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.announcement_save(
                user=request.user, data=_data(form), announcement_id=item.pk if item else None
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Anunțul a fost salvat."))
            return redirect("content_staff:announcement", announcement_id=saved.pk)
    return render(
        request,
        "website/staff/announcement.html",
        {"form": form, "item": item, "attachment": AttachmentForm()},
        status=400 if form.is_bound else 200,
    )


@site_editors_only
@require_POST
def announcement_attach(request: HttpRequest, announcement_id: int) -> HttpResponse:
    item = _announcement_or_404(announcement_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.announcement_file_add(
                user=request.user, announcement_id=item.pk, checked=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error, field="file")
        else:
            messages.success(request, _("Fișierul a fost atașat."))
            return redirect("content_staff:announcement", announcement_id=item.pk)
    return render(
        request,
        "website/staff/announcement.html",
        {"form": AnnouncementForm(initial={"title": item.title}), "item": item, "attachment": form},
        status=400,
    )


@site_editors_only
@require_POST
def announcement_publication(request: HttpRequest, announcement_id: int) -> HttpResponse:
    item = _announcement_or_404(announcement_id)
    if request.POST.get("publish") == "1":
        services.announcement_publish(user=request.user, announcement_id=item.pk)
        messages.success(request, _("Anunțul a fost publicat."))
    else:
        services.announcement_unpublish(user=request.user, announcement_id=item.pk)
        messages.success(request, _("Anunțul a fost retras de pe site."))
    return redirect("content_staff:announcement", announcement_id=item.pk)


@site_editors_only
@require_safe
def page_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "website/staff/pages.html",
        {
            "pages": [
                (kind, label, page)
                for (kind, label), page in zip(
                    PageKind.choices, selectors.pages_staff().values(), strict=True
                )
            ]
        },
    )


@site_editors_only
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in PageKind.values:
        raise Http404
    page = selectors.pages_staff()[kind]
    structured = kind == PageKind.PUBLIC_INFORMATION
    initial = {
        "title": page.title if page else PageKind(kind).label,
        "body_html": page.body_html if page else "",
    }
    if page is not None:
        initial.update({f"part_{letter}": html for letter, html in page.parts.items()})
    form = PageForm(request.POST or None, initial=initial, structured=structured)
    if request.method == "POST":
        if "publish" in request.POST:
            try:
                services.page_set_published(
                    user=request.user, kind=kind, published=request.POST["publish"] == "1"
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("content_staff:page", kind=kind)
        if form.is_valid():
            try:
                services.page_save(
                    user=request.user,
                    kind=kind,
                    title=form.cleaned_data["title"],
                    body_html=form.cleaned_data["body_html"],
                    parts=form.parts(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Pagina a fost salvată."))
                return redirect("content_staff:page", kind=kind)
    return render(
        request,
        "website/staff/page.html",
        {"form": form, "page": page, "kind": kind, "label": PageKind(kind).label},
        status=400 if form.is_bound else 200,
    )
