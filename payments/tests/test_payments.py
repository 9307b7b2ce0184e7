"""Fees paid by card through the processor stand-in, and by ghiseul.ro reconciled from the
statement: paid once, whatever the callbacks do; never paid on a forged or altered one."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from payments.models import Payment, PaymentEvent, PaymentState
from payments.purposes import purpose_register
from payments.services import (
    PaymentRefused,
    payment_checkout,
    payment_require,
    payments_reconcile_pending,
)
from standins.netopia import PAYING_CARD, new_private_key
from tests.world import PASSWORD, World

SETTLED: list[str] = []
purpose_register("test", on_paid=lambda payment: SETTLED.append(payment.reference))
FEE = Decimal("25.00")


@pytest.fixture
def resita(world: World):
    with schema_context(world.resita.uat.schema_name):
        yield world.resita
    SETTLED.clear()


def _payment(provider: str = "netopia", purpose: str = "test:1") -> Payment:
    return payment_require(
        purpose=purpose,
        provider=provider,
        amount=FEE,
        description="Certificat de urbanism",
        payer_name="Ion Popescu",
        payer_email="ion@example.org",
        return_path="/cerere/x/",
    )


def _pay(processor, payment: Payment, card: str = PAYING_CARD) -> str:
    url = payment_checkout(
        payment=payment,
        return_url="http://resita-t.localhost/back/",
        notify_url="http://resita-t.localhost/plati/netopia/notificare/",
    )
    requests.post(url, data={"card": card}, allow_redirects=False, timeout=5)
    return url.rsplit("/", 1)[-1]


def _ipn(processor, ntp_id: str) -> dict:
    return requests.get(f"{processor.processor.base_url}/__ipn/{ntp_id}", timeout=5).json()


def _staff(portal, email: str) -> Client:
    client = portal.client()
    client.post("/birou/autentificare/", {"username": email, "password": PASSWORD})
    connection.set_schema(portal.uat.schema_name)
    return client


def _back_in(schema: str, response):
    """A request leaves the connection in the public schema; the test goes on in the UAT's."""
    connection.set_schema(schema)
    return response


def _send(portal: Client, ipn: dict, *, body: str | None = None, token: str | None = None):
    schema = connection.schema_name
    return _back_in(
        schema,
        portal.post(
            "/plati/netopia/notificare/",
            data=body or ipn["body"],
            content_type="application/json",
            HTTP_VERIFICATION_TOKEN=token or ipn["token"],
        ),
    )


def test_a_card_payment_is_paid_once_however_many_callbacks_arrive(
    resita, card_processor, django_capture_on_commit_callbacks
):
    payment = _payment()
    ntp_id = _pay(card_processor, payment)
    portal = resita.client()
    first = _ipn(card_processor, ntp_id)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_send(portal, first) for _ in range(10)]  # the same callback, ten times
        answers += [_send(portal, _ipn(card_processor, ntp_id)) for _ in range(10)]  # ten more
    assert all(a.status_code == 200 and a.json()["errorType"] == 0 for a in answers)
    payment.refresh_from_db()
    assert payment.state == PaymentState.PAID
    assert PaymentEvent.objects.filter(payment=payment, to_state=PaymentState.PAID).count() == 1
    assert SETTLED == [payment.reference]


def test_a_payment_is_reconciled_when_the_callback_never_comes(
    resita, card_processor, django_capture_on_commit_callbacks
):
    payment = _payment()
    _pay(card_processor, payment)
    with django_capture_on_commit_callbacks(execute=True):
        counts = payments_reconcile_pending(older_than_seconds=0)
    assert counts["paid"] == 1
    payment.refresh_from_db()
    assert payment.state == PaymentState.PAID and SETTLED == [payment.reference]
    assert payments_reconcile_pending(older_than_seconds=0) == {}  # a second run changes nothing


def test_a_declined_card_fails_the_payment(resita, card_processor):
    payment = _payment()
    ntp_id = _pay(card_processor, payment, card="4111111111111111")
    assert _send(resita.client(), _ipn(card_processor, ntp_id)).status_code == 200
    payment.refresh_from_db()
    assert payment.state == PaymentState.FAILED and not SETTLED


def test_a_callback_with_a_bad_signature_or_an_altered_body_pays_nothing(resita, card_processor):
    from joserfc import jwt
    from joserfc.jwk import RSAKey

    payment = _payment()
    ntp_id = _pay(card_processor, payment)
    ipn = _ipn(card_processor, ntp_id)
    portal = resita.client()
    altered = ipn["body"].replace('"status": 3', '"status": 5').replace('"status":3', '"status":5')
    assert altered != ipn["body"]
    assert _send(portal, ipn, body=altered).status_code == 400
    public = RSAKey.import_key(card_processor.processor.public_pem)
    claims = jwt.decode(ipn["token"], public, algorithms=["RS512"]).claims
    forged = jwt.encode(
        {"alg": "RS512"}, claims, RSAKey.import_key(new_private_key()), algorithms=["RS512"]
    )
    assert _send(portal, ipn, token=forged).status_code == 400
    assert _send(portal, ipn, token="not-a-jwt").status_code == 400
    schema = connection.schema_name
    empty = portal.post("/plati/netopia/notificare/", data="{}", content_type="application/json")
    assert _back_in(schema, empty).status_code == 400
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING


def test_a_callback_for_an_unknown_payment_or_another_amount_pays_nothing(resita, card_processor):
    processor = card_processor.processor
    foreign = requests.post(
        f"{processor.base_url}/payment/card/start",
        data=json.dumps(
            {
                "order": {
                    "posSignature": processor.pos_signature,
                    "orderID": "GHS-ZZZZ-ZZZZ",
                    "amount": 10,
                    "currency": "RON",
                }
            }
        ),
        headers={"Authorization": processor.api_key},
        timeout=5,
    ).json()["payment"]["ntpID"]
    portal = resita.client()
    assert _send(portal, _ipn(card_processor, foreign)).status_code == 404
    payment = _payment()
    ntp_id = _pay(card_processor, payment)
    processor.orders[ntp_id].amount = Decimal("2.50")  # the processor took another amount
    assert _send(portal, _ipn(card_processor, ntp_id)).status_code == 409
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING


def test_asking_again_returns_the_same_payment_whatever_amount_is_sent(resita, card_processor):
    payment = _payment()
    again = payment_require(
        purpose="test:1", provider="netopia", amount=Decimal("0.01"), description="altered"
    )
    assert again.pk == payment.pk and again.amount == FEE and again.reference == payment.reference
    with pytest.raises(PaymentRefused):
        payment_require(purpose="test:2", provider="netopia", amount=Decimal("-5"), description="x")
    first = payment_checkout(payment=payment, return_url="http://x/", notify_url="http://x/n/")
    assert (
        payment_checkout(
            payment=Payment.objects.get(pk=payment.pk),
            return_url="http://x/",
            notify_url="http://x/n/",
        )
        == first
    )
    assert len(card_processor.processor.orders) >= 1


def test_an_unpaid_payment_expires_and_cannot_be_started_again(resita, card_processor):
    payment = _payment()
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert payments_reconcile_pending() == {"expired": 1}
    with pytest.raises(PaymentRefused):
        payment_checkout(
            payment=Payment.objects.get(pk=payment.pk),
            return_url="http://x/",
            notify_url="http://x/n/",
        )


def test_a_processor_that_is_down_leaves_the_payment_open(resita, card_processor, settings):
    from payments.providers import ProviderError

    settings.NETOPIA_API_URL = "http://127.0.0.1:9"
    payment = _payment()
    with pytest.raises(ProviderError):
        payment_checkout(payment=payment, return_url="http://x/", notify_url="http://x/n/")
    payment.refresh_from_db()
    assert payment.state == PaymentState.CREATED


STATEMENT = """data;suma;explicatie;id_tranzactie
01.12.2026;25,00;Plata taxa {ref} Ion Popescu;T-1001
01.12.2026;24,00;Plata {other};T-1002
01.12.2026;100,00;Impozit cladiri;T-1003
"""


def test_ghiseul_payments_are_reconciled_from_the_statement_once(
    resita, django_capture_on_commit_callbacks
):
    paid = _payment(provider="ghiseul", purpose="test:g1")
    short = _payment(provider="ghiseul", purpose="test:g2")
    registrar = _staff(resita, resita.admin_email)
    content = STATEMENT.format(ref=paid.reference, other=short.reference).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = registrar.post(
            "/birou/plati/", {"statement": SimpleUploadedFile("extras.csv", content)}, follow=True
        )
    connection.set_schema(resita.uat.schema_name)
    assert "1 plăți confirmate" in response.content.decode()
    assert "1 cu altă sumă" in response.content.decode()
    paid.refresh_from_db()
    short.refresh_from_db()
    assert paid.state == PaymentState.PAID and short.state == PaymentState.CREATED
    again = registrar.post(
        "/birou/plati/", {"statement": SimpleUploadedFile("extras.csv", content)}, follow=True
    )
    connection.set_schema(resita.uat.schema_name)
    assert "0 plăți confirmate, 1 deja confirmate" in again.content.decode()
    assert SETTLED == [paid.reference]


def test_a_statement_without_the_columns_is_refused_clearly(resita):
    registrar = _staff(resita, resita.admin_email)
    response = registrar.post(
        "/birou/plati/", {"statement": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")}
    )
    assert response.status_code == 200
    assert "Fișierul nu are coloanele" in response.content.decode()


def test_the_payment_list_is_for_staff_and_bounded(resita, django_assert_max_num_queries):
    for number in range(5):
        _payment(provider="ghiseul", purpose=f"test:list{number}")
    staff = _staff(resita, resita.clerk_email)
    with django_assert_max_num_queries(12):
        page = staff.get("/birou/plati/")
    assert page.status_code == 200 and page.content.decode().count("GHS-") == 5
    assert resita.client().get("/birou/plati/").status_code == 302
