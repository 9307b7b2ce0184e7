"""Drafts: resumed once by their link, and deleted with their files when they expire."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from dms.documents.files import file_check, file_store, pending_folder
from ghiseu.notifications.models import Notification
from services_catalog.drafts.models import Draft
from services_catalog.drafts.services import (
    draft_link_send,
    draft_resume_by_link,
    draft_save,
    drafts_expire,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def resita(world):
    with schema_context(world.resita.uat.schema_name):
        yield world.resita


def _pending_file(content: bytes = PDF) -> dict:
    stored = file_store(
        file_check(SimpleUploadedFile("plan.pdf", content)), folder=pending_folder()
    )
    return stored.__dict__


def _link(draft: Draft) -> str:
    draft_link_send(
        draft=draft,
        link_template="http://resita-t.localhost/ciorna/{token}/",
        service_title="Certificat de urbanism",
        language="ro",
    )
    body = Notification.objects.filter(kind="portal.draft_link").latest("pk").body_text
    assert "30 zile" in body  # the e-mail says how long the draft is kept
    return re.search(r"/ciorna/([^/]+)/", body).group(1)


def test_a_draft_link_resumes_once(resita, django_capture_on_commit_callbacks):
    draft = draft_save(
        service_code="certificat-urbanism",
        version=1,
        answers={"full_name": "Ana Pop", "plan": [_pending_file()]},
        email="ana@example.org",
    )
    assert "/drafts/" in draft.answers["plan"][0]["storage_key"]
    token = _link(draft)
    resumed = draft_resume_by_link(token=token)
    assert resumed is not None and resumed.answers["full_name"] == "Ana Pop"
    assert draft_resume_by_link(token=token) is None  # reused
    assert draft_resume_by_link(token="forged") is None


def test_an_expired_draft_link_opens_nothing(resita):
    draft = draft_save(service_code="petitie", version=1, answers={}, email="ana@example.org")
    token = _link(draft)
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert draft_resume_by_link(token=token) is None


def test_expired_drafts_are_deleted_with_their_files(resita):
    shared = _pending_file()
    own = _pending_file(PDF + b"% another\n")
    old = draft_save(
        service_code="petitie",
        version=1,
        answers={"a": [shared], "b": [own]},
        email="a@example.org",
    )
    kept = draft_save(
        service_code="petitie", version=1, answers={"a": [shared]}, email="b@example.org"
    )
    Draft.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert drafts_expire() == 1
    assert not Draft.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.answers["b"][0]["storage_key"])
    assert default_storage.exists(kept.answers["a"][0]["storage_key"])  # still another draft's
    Draft.objects.filter(pk=kept.pk).update(expires_at=timezone.now() - timedelta(days=1))
    drafts_expire()
    assert not default_storage.exists(kept.answers["a"][0]["storage_key"])
