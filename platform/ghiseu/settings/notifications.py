"""Notifications: SMS providers, receipts, retries, quotas."""

from __future__ import annotations

import atexit
import shutil
import tempfile

from .env import IS_PRODUCTION, IS_TEST, VAR_DIR, env, secret

# In order of preference; the second is the failover. "log" writes the demo outbox.
SMS_PROVIDERS = env.list("SMS_PROVIDERS", default=[] if IS_PRODUCTION else ["log"])
SMS_SENDER_ID = env.str("SMS_SENDER_ID", default="Ghiseu")
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = secret("SMS_HTTP_TOKEN") or ""
SMS_HTTP_TIMEOUT = env.float("SMS_HTTP_TIMEOUT", default=10.0)
# The gateway collapses a repeated reference into one SMS (see transports/sms_http.py).
SMS_HTTP_DEDUPLICATES = env.bool("SMS_HTTP_DEDUPLICATES", default=True)
SMS_SNS_REGION = env.str("SMS_SNS_REGION", default="eu-central-1")
SMS_SNS_ENDPOINT_URL = env.str("SMS_SNS_ENDPOINT_URL", default="")
# Tests write their SMS into a throw-away folder, never into the demo's outbox.
_OUTBOX = tempfile.mkdtemp(prefix="ghiseu-test-outbox-") if IS_TEST else str(VAR_DIR / "outbox")
if IS_TEST:
    atexit.register(shutil.rmtree, _OUTBOX, True)
SMS_OUTBOX_DIR = env.str("SMS_OUTBOX_DIR", default=_OUTBOX)
# One-time e-mail codes the portal sends per hour, per address and per client (flood guard).
PORTAL_CODES_PER_ADDRESS_PER_HOUR = env.int("PORTAL_CODES_PER_ADDRESS_PER_HOUR", default=5)
PORTAL_CODES_PER_CLIENT_PER_HOUR = env.int("PORTAL_CODES_PER_CLIENT_PER_HOUR", default=30)
# A saved, unfinished form (a draft) is kept this many days, then deleted with its files.
DRAFTS_KEEP_DAYS = env.int("DRAFTS_KEEP_DAYS", default=30)
# Delivery receipts from the HTTP gateway are signed with this shared secret (HMAC-SHA256).
SMS_RECEIPT_SECRET = secret("SMS_RECEIPT_SECRET") or ("" if IS_PRODUCTION else "dev-receipts")
SMS_RECEIPT_MAX_AGE_SECONDS = 300
# SES bounces, complaints and deliveries arrive from these SNS topics (ARNs) only.
SES_NOTIFICATION_TOPICS = env.list("SES_NOTIFICATION_TOPICS", default=[])
# After this many failed attempts on the primary SMS provider, try the next one.
SMS_FAILOVER_AFTER_ATTEMPTS = env.int("SMS_FAILOVER_AFTER_ATTEMPTS", default=2)

NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
NOTIFICATIONS_RETRY_BASE_SECONDS = env.float("NOTIFICATIONS_RETRY_BASE_SECONDS", default=30.0)
NOTIFICATIONS_RETRY_MAX_SECONDS = env.float("NOTIFICATIONS_RETRY_MAX_SECONDS", default=3600.0)
# A row still "created" or "sending" this long after its last change is queued again.
NOTIFICATIONS_STUCK_AFTER_SECONDS = env.float("NOTIFICATIONS_STUCK_AFTER_SECONDS", default=120.0)
NOTIFICATIONS_SWEEP_EVERY_SECONDS = env.float("NOTIFICATIONS_SWEEP_EVERY_SECONDS", default=60.0)
# Plug-ins from the domain apps (the platform core never imports them).
NOTIFICATIONS_SMS_ALLOWANCE = "billing_reporting.metering.sms_allowance"
NOTIFICATIONS_USAGE_RECORDER = "billing_reporting.metering.usage_record_many"
# Rows a worker claims, hands over and records together (one claim, one usage write).
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=50)
# Messages of a batch a worker process hands at once to a transport that collapses repeats
# (the HTTP gateway): its latency is then waited for once per batch, not once per message.
NOTIFICATIONS_HANDOVER_THREADS = env.int("NOTIFICATIONS_HANDOVER_THREADS", default=8)
