from __future__ import annotations

from celery import shared_task

from ghiseu.ops.tenancy import in_every_uat
from services_catalog.erasure import email_codes_expire

from .services import drafts_expire


@shared_task(name="drafts.expire")
def drafts_expire_everywhere() -> int:
    """Expired drafts and their files go, in every UAT, and so do the addresses and codes of
    e-mailed codes past their life (beat, hourly)."""
    return sum(drafts_expire() + email_codes_expire() for _schema in in_every_uat())
