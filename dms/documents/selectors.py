"""Reads on stored documents for the other apps."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Sum

from .models import Document


def documents_stored_bytes(*, before: datetime) -> int:
    """Bytes of the documents this UAT stores that were uploaded before ``before`` (what a
    monthly statement bills as storage)."""
    total = Document.objects.filter(uploaded_at__lt=before).aggregate(total=Sum("size"))["total"]
    return int(total or 0)
