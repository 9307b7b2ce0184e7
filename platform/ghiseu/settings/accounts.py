"""Staff sign-in: the second factor and the lifetime of a session."""

from __future__ import annotations

from .env import env

# Roles that must sign in with a second factor, from their next sign-in (the set-up is part
# of that sign-in). A UAT may require it of all its staff (UAT.two_factor_for_all_staff).
GHISEU_TWO_FACTOR_ROLES = ("uat_admin", "secretary", "county_admin")
# Off only in the unit tests of other features (their fixtures sign in with a password);
# production refuses to start with it off.
GHISEU_TWO_FACTOR_ENFORCED = env.bool("GHISEU_TWO_FACTOR_ENFORCED", default=True)
# Wrong codes in one sign-in before it starts over from the password (django-otp also
# slows every device down exponentially after each failure, across sign-ins).
GHISEU_TWO_FACTOR_MAX_FAILURES = env.int("GHISEU_TWO_FACTOR_MAX_FAILURES", default=5)
# Minutes between the password and the second factor before the sign-in starts over.
GHISEU_TWO_FACTOR_PENDING_MINUTES = 10
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# A session ends after this many idle minutes, and in any case this many hours after sign-in.
GHISEU_SESSION_IDLE_MINUTES = env.int("GHISEU_SESSION_IDLE_MINUTES", default=30)
GHISEU_SESSION_MAX_HOURS = env.int("GHISEU_SESSION_MAX_HOURS", default=10)
SESSION_COOKIE_AGE = GHISEU_SESSION_MAX_HOURS * 3600
