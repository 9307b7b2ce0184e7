"""E-mail: EMAIL_URL (smtp://, smtp+tls://) in production; files under var/outbox in the demo."""

from __future__ import annotations

from .env import IS_PRODUCTION, VAR_DIR, env, secret

EMAIL_URL_FROM_ENVIRONMENT = bool(secret("EMAIL_URL"))
# Amazon SES in production: EMAIL_BACKEND=anymail.backends.amazon_sesv2.EmailBackend
# (credentials from the task role; see infra/terraform).
EMAIL_BACKEND_FROM_ENVIRONMENT = env.str("EMAIL_BACKEND", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ghișeu <no-reply@ghiseu.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

if EMAIL_BACKEND_FROM_ENVIRONMENT:
    EMAIL_BACKEND = EMAIL_BACKEND_FROM_ENVIRONMENT
    ANYMAIL = {
        "AMAZON_SES_CLIENT_PARAMS": {
            "region_name": env.str("AWS_SES_REGION_NAME", default="eu-central-1")
        },
        # The configuration set publishes bounces, complaints and deliveries to SNS, which
        # posts them to /api/v1/receipts/ses/.
        "AMAZON_SES_CONFIGURATION_SET_NAME": env.str("AWS_SES_CONFIGURATION_SET", default="")
        or None,
    }
elif EMAIL_URL_FROM_ENVIRONMENT:
    vars().update(env.email_url_config(secret("EMAIL_URL") or ""))
elif not IS_PRODUCTION:
    # The demo's outbox: every e-mail as a file a person can open.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "outbox")
