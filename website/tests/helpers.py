"""What the site's tests share: a real PDF with text, staff of each role, an act registered."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ghiseu.accounts.models import Role, User
from tests.world import PASSWORD
from website.documents import Issuer, pdf_check
from website.mol.services import ActData, act_register
from website.pdfs import letterhead_pdf

ISSUER = Issuer(
    name="Municipiul Reșița",
    address="Piața 1 Decembrie 1918 nr. 1",
    contact="",
    coat_of_arms_key="",
)


def pdf_bytes(title: str = "Hotărâre", *paragraphs: str) -> bytes:
    return letterhead_pdf(issuer=ISSUER, title=title, paragraphs=paragraphs or ("Text.",))


def pdf_upload(
    title: str = "Hotărâre", *paragraphs: str, name: str = "act.pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(title, *paragraphs), content_type="application/pdf")


def checked_pdf(title: str = "Hotărâre", *paragraphs: str) -> Any:
    return pdf_check(pdf_upload(title, *paragraphs))


def staff_member(role: str, email: str) -> User:
    """In the current schema."""
    return User.objects.create_user(email, PASSWORD, role=role, full_name=email.split("@")[0])


def secretary(email: str = "secretar@resita-t.example.org") -> User:
    return staff_member(Role.SECRETARY, email)


def register_act(
    *,
    user: Any = None,
    section: str = "hotarari",
    title: str = "privind aprobarea bugetului local",
    adopted_on: date | None = None,
    text_: str = "Consiliul local hotărăște aprobarea bugetului.",
    publish: bool = True,
    **extra: Any,
) -> Any:
    return act_register(
        user=user,
        data=ActData(
            section=section,
            title=title,
            kind=extra.pop("kind", "normative"),
            adopted_on=adopted_on or date(2026, 11, 2),
            pdf=extra.pop("pdf", None) or checked_pdf(title, text_),
            publish=publish,
            **extra,
        ),
    )


def signed_in(portal: Any, email: str) -> Any:
    client = portal.client()
    response = client.post("/birou/autentificare/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, "sign-in failed"
    return client
