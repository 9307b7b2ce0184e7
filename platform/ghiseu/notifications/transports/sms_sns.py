"""SMS through Amazon SNS (direct publish to a phone number)."""

from __future__ import annotations

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from . import Outgoing, TransportError

name = "sns"
PERMANENT_CODES = {"InvalidParameter", "InvalidParameterValue", "OptedOut", "AuthorizationError"}


def deduplicates() -> bool:
    # SNS has no deduplication for a publish to a phone number (only FIFO topics have one).
    return False


def send(message: Outgoing) -> str:
    client = boto3.client(
        "sns",
        region_name=settings.SMS_SNS_REGION,
        endpoint_url=settings.SMS_SNS_ENDPOINT_URL or None,
    )
    try:
        response = client.publish(
            PhoneNumber=message.recipient,
            Message=message.body_text,
            MessageAttributes={
                "AWS.SNS.SMS.SenderID": {
                    "DataType": "String",
                    "StringValue": settings.SMS_SENDER_ID[:11],
                },
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
                # Our reference travels with the message (delivery status logs carry it).
                "Ghiseu.Reference": {"DataType": "String", "StringValue": message.reference},
            },
        )
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        raise TransportError(f"SNS {code}", permanent=code in PERMANENT_CODES) from None
    except BotoCoreError as error:
        raise TransportError(f"SNS unavailable: {type(error).__name__}", permanent=False) from None
    return str(response["MessageId"])
