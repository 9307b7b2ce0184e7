"""Attachments of submissions: registered ones move where no sweeper reaches; abandoned ones
are deleted a day later, in every UAT."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from dms.documents import files, tasks
from dms.models import Case
from services_catalog.tests.test_submission import PDF, emailed_code, start

pytestmark = pytest.mark.django_db
LATER = timedelta(hours=25)


@pytest.fixture(autouse=True)
def empty_storage(settings, tmp_path):
    """Files outlive the rolled-back transactions of other tests: count only this test's."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def pending_keys(schema: str) -> list[str]:
    root = f"{schema}/{files.PENDING}"
    if not default_storage.exists(root):
        return []
    return [
        f"{root}/{folder}/{name}"
        for folder in default_storage.listdir(root)[0]
        for name in default_storage.listdir(f"{root}/{folder}")[1]
    ]


def attach(world, capture, portal="resita", name="plan.pdf", content=PDF):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    client = getattr(world, portal).client()
    return client, start(client, capture, {"attachments": upload})["Location"]


def test_a_registered_attachment_survives_the_sweep_of_pending_files(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client, confirm = attach(world, django_capture_on_commit_callbacks)
    [pending] = pending_keys("resita_t")
    with django_capture_on_commit_callbacks(execute=True):
        tracking = client.post(confirm, {"cod": emailed_code(mailoutbox)})["Location"]
    with schema_context("resita_t"):
        document = Case.objects.get().documents.get()
        assert document.storage_key.startswith("resita_t/cases/")
        [answered] = Case.objects.get().answers["attachments"]
        assert answered["storage_key"] == document.storage_key
        assert files.pending_files_sweep(now=timezone.now() + LATER) == 1
    assert not default_storage.exists(pending)
    download = client.get(f"{tracking}documente/{document.pk}/")
    assert b"".join(download.streaming_content) == PDF


def test_an_abandoned_upload_is_kept_for_a_day_then_deleted_in_every_uat(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    attach(world, django_capture_on_commit_callbacks, "resita")
    attach(world, django_capture_on_commit_callbacks, "caransebes", content=PDF + b"%other")
    assert tasks.pending_files_sweep() == 0  # still within the day a submission may need
    assert len(pending_keys("resita_t")) == len(pending_keys("caransebes_t")) == 1
    later = timezone.now() + LATER
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert tasks.pending_files_sweep() == 2
    assert pending_keys("resita_t") == pending_keys("caransebes_t") == []


def test_the_sweep_leaves_alone_what_is_not_an_old_hour_folder(world):
    with schema_context("resita_t"):
        stray = default_storage.save(
            "resita_t/pending/notes/keep.txt", SimpleUploadedFile("k", b"k")
        )
        flat = default_storage.save("resita_t/pending/old-layout.pdf", SimpleUploadedFile("p", PDF))
        assert files.pending_files_sweep(now=timezone.now() + LATER) == 0
    assert default_storage.exists(stray) and default_storage.exists(flat)
