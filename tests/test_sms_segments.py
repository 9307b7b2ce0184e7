"""What each SMS costs: every kind, for every UAT of the county, with realistic data, is one
GSM-7 segment (160 characters), and the e-mail of the same notice keeps its diacritics."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from demo.seed import seed_rows
from dms.cases import actions as case_actions
from dms.cases.models import CaseEvent, tracking_token
from dms.tests.factories import office, register
from ghiseu.notifications import rendering
from ghiseu.notifications.models import Notification
from ghiseu.notifications.sms import sms_size, to_gsm7

pytestmark = pytest.mark.django_db

COUNTY = seed_rows()  # the county's 13 UATs, as the demo seeds them
# A production-like address: https, the county's domain, the real token length.
HOST = "{slug}.ghiseu.cjcs.ro"
CITIZEN_EVENTS = ("clarification_requested", "answered", "rejected", "forwarded", "extended")


def realistic(uat: dict) -> dict:
    url = f"https://{HOST.format(slug=uat['slug'])}/cerere/{tracking_token()}/"
    return {
        "institution": uat["official_name"],
        "institution_short": uat["short_name"],
        "recipient_name": "Ana-Maria Popescu-Rădulescu",
        "number": "1234/31.12.2026",  # a busy year's number, the longest date
        "service": "Certificat de urbanism",
        "due_date": "15.01.2027",
        "status": "în lucru",
        "message": "",
        "extra": "",
        "code": "123456",
        "minutes": 15,
        "summary": "Petiție: iluminat public pe strada Școlii",
        "tracking_url": url,
        "case_url": url,
    }


def sms_notices() -> list[tuple[str, str, dict]]:
    notices = []
    for uat in COUNTY:
        context = realistic(uat)
        notices.append(("request.registered", uat["slug"], context))
        for event in CITIZEN_EVENTS:
            label = CaseEvent(kind=event).label  # what the citizen reads
            notices.append(
                ("case.updated", uat["slug"], {**context, "event": event, "headline": label})
            )
        for kind in ("portal.email_code", "test", "case.reminder", "case.escalated"):
            notices.append((kind, uat["slug"], context))
    return notices


def test_every_sms_kind_for_every_uat_fits_one_gsm7_segment(world):
    sizes = {}
    with schema_context("resita_t"):
        for kind, slug, context in sms_notices():
            text = rendering.render(kind=kind, channel="sms", language="ro", context=context)
            size = sms_size(text.body_text)
            name = f"{kind}/{context.get('event', '')}".rstrip("/")
            sizes[(name, slug)] = size
            assert to_gsm7(text.body_text) == text.body_text, text.body_text
            assert context["tracking_url"] in text.body_text or kind.startswith(
                ("portal", "test", "case.reminder", "case.escalated")
            )
    over = {key: size.length for key, size in sizes.items() if size.segments > 1}
    assert over == {}
    assert {size.encoding for size in sizes.values()} == {"GSM-7"}
    assert len({name for name, _slug in sizes}) == 10 and len(sizes) == 10 * len(COUNTY)


def test_an_sms_longer_than_a_segment_with_the_official_name_uses_the_short_one(world):
    county = next(uat for uat in COUNTY if uat["slug"] == "cj-caras-severin")
    context = {**realistic(county), "event": "forwarded"}
    context["headline"] = CaseEvent(kind="forwarded").label
    with schema_context("resita_t"):
        text = rendering.render(kind="case.updated", channel="sms", language="ro", context=context)
    assert text.body_text.startswith("Caras-Severin: cererea nr. 1234/31.12.2026 - ")
    short = {**realistic(county), "number": "7/02.01.2027"}
    with schema_context("resita_t"):
        text = rendering.render(kind="test", channel="sms", language="ro", context=short)
    assert text.body_text.startswith("Consiliul Judetean Caras-Severin: ")


def test_the_registration_sms_is_plain_gsm7_and_its_email_keeps_the_diacritics(
    world, django_capture_on_commit_callbacks
):
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        case = register()
        sms = Notification.objects.get(kind="request.registered", channel="sms")
        email = Notification.objects.get(kind="request.registered", channel="email")
    assert sms.sms_encoding == "GSM-7" and sms.sms_segments == 1
    assert sms.body_text.startswith("Municipiul Resita: cererea dvs. are nr. ")
    assert f"Raspuns pana la {case.due_date:%d.%m.%Y}" in sms.body_text
    assert "Municipiul Reșița" in email.subject and "înregistrat" in email.body_text


def test_the_extension_sms_carries_the_new_due_date(world, django_capture_on_commit_callbacks):
    with schema_context("resita_t"):
        staff = office(world)
        case = register(extension_days=15)
        case_actions.case_assign(
            case_id=case.pk, user=staff.head, revision=None, assignee=staff.clerk
        )
        case_actions.case_extend(
            case_id=case.pk, user=staff.clerk, revision=None, reason="Verificare pe teren"
        )
        case.refresh_from_db()
        sms = Notification.objects.get(kind="case.updated", channel="sms")
    assert f"termen prelungit pana la {case.due_date:%d.%m.%Y}" in sms.body_text
    assert sms.sms_segments == 1 and sms.sms_encoding == "GSM-7"
