# Outgoing e-mail through Amazon SES (django-anymail's SES v2 backend, authenticated by the
# task role). The domain is verified with Easy DKIM records in the base zone. A new SES account
# starts in the sandbox: request production access once (see README.md).
resource "aws_sesv2_email_identity" "main" {
  email_identity = var.base_domain
}

resource "aws_route53_record" "dkim" {
  count   = 3
  zone_id = data.aws_route53_zone.base.zone_id
  name    = "${aws_sesv2_email_identity.main.dkim_signing_attributes[0].tokens[count.index]}._domainkey.${var.base_domain}"
  type    = "CNAME"
  ttl     = 1800
  records = ["${aws_sesv2_email_identity.main.dkim_signing_attributes[0].tokens[count.index]}.dkim.amazonses.com"]
}

# Bounce, complaint, delivery and reject events of every message sent with the configuration set
# (the application names it in AWS_SES_CONFIGURATION_SET) are published to an SNS topic, which
# posts them to the application. SES event records always carry the message's original headers
# (mail.headers, incl. X-Ghiseu-Reference, unless mail.headersTruncated): an SNS event destination
# has no setting for that. Should the headers not suffice, message tags are the alternative (the
# application already reads a "ghiseu-reference" tag from mail.tags).
locals {
  ses_events_topic_name = "${local.name}-ses-events"
  # Built rather than read from the topic: the data key's policy must name it before the topic,
  # encrypted with that key, exists.
  ses_events_topic_arn = "arn:aws:sns:${var.region}:${local.account_id}:${local.ses_events_topic_name}"
}

resource "aws_sesv2_configuration_set" "main" {
  configuration_set_name = local.name

  delivery_options {
    tls_policy = "REQUIRE"
  }
  reputation_options {
    reputation_metrics_enabled = true
  }
  sending_options {
    sending_enabled = true
  }
}

resource "aws_sns_topic" "ses_events" {
  name = local.ses_events_topic_name
  # The data key's policy lets SES use it for this topic only (kms.tf).
  kms_master_key_id = aws_kms_key.data.arn
  signature_version = 2 # SNS signs its messages with SHA256 rather than SHA1
}

data "aws_iam_policy_document" "ses_events_topic" {
  statement {
    sid       = "SesOfThisAccountPublishes"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.ses_events.arn]
    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "ses_events" {
  arn    = aws_sns_topic.ses_events.arn
  policy = data.aws_iam_policy_document.ses_events_topic.json
}

resource "aws_sesv2_configuration_set_event_destination" "ses_events" {
  configuration_set_name = aws_sesv2_configuration_set.main.configuration_set_name
  event_destination_name = "app-receipts"

  event_destination {
    enabled              = true
    matching_event_types = ["BOUNCE", "COMPLAINT", "DELIVERY", "REJECT"]
    sns_destination {
      topic_arn = aws_sns_topic.ses_events.arn
    }
  }

  depends_on = [aws_sns_topic_policy.ses_events]
}

# SNS posts the events to the application, which checks each message's SNS signature and its
# topic (SES_NOTIFICATION_TOPICS) and confirms the subscription itself. It can only do so once the
# web tasks run with this topic in their environment and the public tenant exists: see
# "SES events" in README.md for the first apply.
resource "aws_sns_topic_subscription" "ses_events" {
  topic_arn              = aws_sns_topic.ses_events.arn
  protocol               = "https"
  endpoint               = "https://${var.base_domain}/api/v1/receipts/ses/"
  endpoint_auto_confirms = true
  raw_message_delivery   = false # the signed SNS envelope is what the application verifies

  depends_on = [aws_ecs_service.app, aws_route53_record.alias]
}
