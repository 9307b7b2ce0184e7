"""Signals other apps plug into (tenants never imports them)."""

from django.dispatch import Signal

# Sent inside the onboarding transaction, in the new UAT's schema; kwargs: uat.
uat_onboarded = Signal()
