"""Filing signed in with an e-ID: the form prefilled and locked, the fee paid before or after
registration, the county-wide "my requests", and drafts resumed by link."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
import requests
from django.db import connection
from django_tenants.utils import schema_context
from pypdf import PdfReader

from citizens.tests.fixtures import signed_in_client
from dms.cases.actions import case_start
from dms.cases.workflow import WorkflowError
from dms.models import Case
from ghiseu.accounts.models import User
from ghiseu.notifications.models import Notification
from payments.models import Payment
from payments.services import payments_reconcile_pending
from services_catalog.drafts.models import Draft
from services_catalog.offers.models import Offering
from standins.netopia import PAYING_CARD

pytestmark = pytest.mark.django_db
SERVICE = "certificat-urbanism"
ION_CNP = "1800101110011"
ANSWERS = {
    "email": "ion@example.org",
    "phone": "0722 123 456",
    "purpose": "construire",
    "property_address": "Str. Libertății nr. 10",
    "content": "Certificat pentru o casă",
}


def _with_fee(portal, *, timing: str = "after", route: str = "netopia", fee: str = "25.00") -> None:
    with schema_context(portal.uat.schema_name):
        Offering.objects.filter(service__code=SERVICE).update(
            fee_lei=Decimal(fee), payment_timing=timing, payment_route=route
        )


def _form(client) -> tuple[str, dict[str, str]]:
    page = client.get(f"/servicii/{SERVICE}/cerere/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    names = set(re.findall(r'name="([a-z_]+)"', page))
    connection.set_schema_to_public()
    return page, {"version": version, **{k: v for k, v in ANSWERS.items() if k in names}}


def _file(client, capture, extra: dict | None = None):
    _page, data = _form(client)
    with capture(execute=True):
        applied = client.post(f"/servicii/{SERVICE}/cerere/", {**data, **(extra or {})})
        assert applied.status_code == 302, re.findall(
            r"(?s)errorlist.{0,300}|notice.{0,300}", applied.content.decode()
        )
        confirmed = client.post(f"/servicii/{SERVICE}/confirmare/", {})
    connection.set_schema_to_public()
    return confirmed


def _case(schema: str = "resita_t") -> Case:
    with schema_context(schema):
        return Case.objects.select_related("entry").latest("pk")


def test_a_signed_in_citizen_files_with_the_form_prefilled_and_locked(
    world, local_eid, django_capture_on_commit_callbacks
):
    citizen = signed_in_client(world, local_eid, world.resita)
    page, _data = _form(citizen)
    assert re.search(
        rf'name="cnp"[^>]*value="{ION_CNP}"[^>]*readonly|readonly[^>]*name="cnp"', page
    ) or (f'value="{ION_CNP}"' in page and "readonly" in page)
    assert "Din e-ID (demo); nu se poate modifica aici." in page
    # A browser that alters the locked answers changes nothing.
    confirmed = _file(
        citizen,
        django_capture_on_commit_callbacks,
        {"cnp": "2850315110024", "full_name": "Altcineva", "address": "Altundeva"},
    )
    assert confirmed.status_code == 302 and "/cerere/" in confirmed["Location"]
    case = _case()
    assert case.answers["cnp"] == ION_CNP
    assert case.citizen_name == "Ion Popescu" and case.answers["full_name"] == "Ion Popescu"
    assert case.answers["address"].startswith("Str. Libertății nr. 10, Reșița")
    assert (case.identity_provider, case.assurance_level) == ("demo", "substantial")
    with schema_context("resita_t"):
        # No e-mail code was asked of a citizen proven by e-ID.
        assert not Notification.objects.filter(kind="portal.email_code").exists()


def test_a_fee_after_registration_holds_the_case_until_paid_once(
    world, local_eid, card_processor, django_capture_on_commit_callbacks
):
    _with_fee(world.resita)
    citizen = signed_in_client(world, local_eid, world.resita)
    _file(citizen, django_capture_on_commit_callbacks, {"amount": "0.01", "fee": "1"})
    case = _case()
    assert case.fee_state == "awaiting" and case.fee_amount == Decimal("25.00")
    with schema_context("resita_t"):
        payment = Payment.objects.get(case=case)
        assert payment.amount == Decimal("25.00")  # the offer's, not what the browser sent
        admin = User.objects.get(email=world.resita.admin_email)
        Case.objects.filter(pk=case.pk).update(status="assigned", assignee=admin)
        with pytest.raises(WorkflowError) as refused:
            case_start(case_id=case.pk, user=admin, revision=None)
        assert refused.value.code == "fee_awaited"
    tracking = citizen.get(f"/cerere/{case.tracking_token}/")
    page = tracking.content.decode()
    assert "Plătește 25.00 lei cu cardul" in page or "Plătește 25,00 lei cu cardul" in page
    assert card_processor.processor.base_url.split("//")[1] in tracking["Content-Security-Policy"]
    pay = citizen.post(f"/cerere/{case.tracking_token}/plata/")
    connection.set_schema_to_public()
    assert pay.status_code == 302 and "/pay/" in pay["Location"]
    requests.post(pay["Location"], data={"card": PAYING_CARD}, allow_redirects=False, timeout=5)
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        payments_reconcile_pending(older_than_seconds=0)
    case = _case()
    assert case.fee_state == "paid" and case.fee_reference == payment.reference
    receipt = citizen.get(f"/cerere/{case.tracking_token}/recipisa.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt.content)).pages)
    assert "25,00 lei" in text and "plătită" in text and payment.reference in text
    with schema_context("resita_t"):
        case_start(case_id=case.pk, user=admin, revision=None)  # now it may start


def test_a_fee_before_registration_registers_the_request_when_paid(
    world, local_eid, card_processor, django_capture_on_commit_callbacks
):
    _with_fee(world.resita, timing="before")
    citizen = signed_in_client(world, local_eid, world.resita)
    confirmed = _file(citizen, django_capture_on_commit_callbacks)
    assert confirmed["Location"].startswith("/plata/")
    with schema_context("resita_t"):
        assert not Case.objects.exists()
    held = citizen.get(confirmed["Location"])
    assert "se înregistrează după ce plătiți taxa" in held.content.decode()
    pay = citizen.post(confirmed["Location"])
    connection.set_schema_to_public()
    requests.post(pay["Location"], data={"card": PAYING_CARD}, allow_redirects=False, timeout=5)
    with schema_context("resita_t"), django_capture_on_commit_callbacks(execute=True):
        payments_reconcile_pending(older_than_seconds=0)
        payments_reconcile_pending(older_than_seconds=0)  # a second run registers nothing more
        assert Case.objects.count() == 1
    case = _case()
    assert case.fee_state == "paid" and case.citizen_ref is not None
    assert citizen.get(confirmed["Location"])["Location"] == f"/cerere/{case.tracking_token}/"


def test_my_requests_lists_a_citizens_requests_at_two_uats_and_no_one_elses(
    world, local_eid, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    ion_resita = signed_in_client(world, local_eid, world.resita)
    _file(ion_resita, django_capture_on_commit_callbacks)
    ion_caransebes = signed_in_client(world, local_eid, world.caransebes)
    _file(ion_caransebes, django_capture_on_commit_callbacks)
    maria = signed_in_client(world, local_eid, world.resita, account="maria-ionescu")
    _file(maria, django_capture_on_commit_callbacks)
    marias_case = _case()
    with django_assert_max_num_queries(16):
        page = ion_resita.get("/cererile-mele/").content.decode()
    assert "Municipiul Reșița" in page and "Municipiul Caransebeș" in page
    assert page.count("card__title") == 2
    assert f"http://{world.caransebes.host}/cerere/" in page  # opens on that UAT's portal
    assert marias_case.tracking_token not in page
    # Ion opening Maria's request, with its link, is refused.
    refused = ion_resita.get(f"/cerere/{marias_case.tracking_token}/")
    assert refused.status_code == 403 and "nu este a dvs." in refused.content.decode()
    assert ion_resita.get(f"/cerere/{marias_case.tracking_token}/recipisa.pdf").status_code == 403


def test_a_draft_is_saved_behind_a_single_use_link_and_resumed(
    world, django_capture_on_commit_callbacks
):
    client = world.resita.client()
    _page, data = _form(client)
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            f"/servicii/{SERVICE}/cerere/",
            {
                "version": data["version"],
                "full_name": "Ana Pop",
                "email": "ana@example.org",
                "ciorna": "1",
            },
        )
    connection.set_schema_to_public()
    assert saved.status_code == 302
    with schema_context("resita_t"):
        mail = Notification.objects.filter(kind="portal.draft_link").latest("pk")
        assert mail.recipient == "ana@example.org" and "30 zile" in mail.body_text
    link = re.search(r"http://[^/]+(/ciorna/[^/\s]+/)", mail.body_text).group(1)
    resumed = world.resita.client()
    opened = resumed.get(link)
    assert opened.status_code == 302 and opened["Location"] == f"/servicii/{SERVICE}/cerere/"
    assert 'value="Ana Pop"' in resumed.get(opened["Location"]).content.decode()
    again = world.resita.client().get(link)
    assert again.status_code == 410 and "deja folosită sau a expirat" in again.content.decode()


def test_a_signed_in_citizen_keeps_drafts_in_their_account(
    world, local_eid, django_capture_on_commit_callbacks
):
    citizen = signed_in_client(world, local_eid, world.resita)
    _page, data = _form(citizen)
    saved = citizen.post(
        f"/servicii/{SERVICE}/cerere/", {"version": data["version"], "ciorna": "1"}
    )
    connection.set_schema_to_public()
    assert saved["Location"] == "/ciornele-mele/"
    listing = citizen.get("/ciornele-mele/").content.decode()
    assert SERVICE in listing
    with schema_context("resita_t"):
        draft = Draft.objects.get()
        assert draft.citizen_ref is not None and draft.email == ""
    other = signed_in_client(world, local_eid, world.resita, account="maria-ionescu")
    assert other.post(f"/ciornele-mele/{draft.pk}/", {"action": "continua"}).status_code == 404
