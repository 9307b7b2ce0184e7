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
