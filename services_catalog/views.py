"""The citizen portal of a UAT."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def portal_home(request: HttpRequest) -> HttpResponse:
    return render(request, "services_catalog/home.html")
