"""The Amazon SNS SMS transport against moto's SNS."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context
from moto import mock_aws

from ghiseu.notifications import services
from ghiseu.notifications.models import Notification, Status
from ghiseu.notifications.transports import Outgoing, TransportError, sms_sns

pytestmark = pytest.mark.django_db


@pytest.fixture
def aws(monkeypatch, settings):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    settings.SMS_PROVIDERS = ["sns"]
    settings.SMS_SNS_ENDPOINT_URL = ""
    with mock_aws():
        yield


def test_an_sms_goes_out_through_sns_with_its_message_id(
    world, aws, django_capture_on_commit_callbacks
):
    with schema_context("resita_t"):
        with django_capture_on_commit_callbacks(execute=True):
            notification = services.notification_send(
                channel="sms",
                kind="test",
                recipient="0722 123 456",
                context={},
                idempotency_key="sns-1",
            )
        sent = Notification.objects.get(pk=notification.pk)
    assert sent.status == Status.SENT and sent.provider == "sns"
    assert len(sent.provider_reference) >= 30  # SNS's message id


def test_sns_refusing_a_number_is_a_permanent_failure(aws):
    message = Outgoing(
        reference="resita_t.x",
        recipient="0722-not-a-number",
        subject="",
        body_text="x",
        body_html="",
        sender_name="Reșița",
    )
    with pytest.raises(TransportError) as refused:
        sms_sns.send(message)
    assert refused.value.permanent
