"""Sessions end after idle minutes and after a maximum lifetime; each sign-in is recorded."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django_tenants.utils import schema_context

from ghiseu.accounts.models import StaffSession
from ghiseu.accounts.sessions.middleware import SEEN_AT, SIGNED_IN_AT
from ghiseu.audit.models import AuditEvent

from .twofactor_helpers import password_step

pytestmark = pytest.mark.django_db


def signed_in_clerk(world):
    client = world.resita.client()
    assert password_step(client, world.resita.clerk_email) == "/birou/"
    return client


def shift_session(world, client, **ages):
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    with schema_context(world.resita.uat.schema_name):
        store = SessionStore(session_key=key)
        for name, seconds_ago in ages.items():
            store[name] = time.time() - seconds_ago
        store.save()


def expired_reasons(world):
    with schema_context(world.resita.uat.schema_name):
        return list(
            AuditEvent.objects.filter(action="auth.session_expired").values_list(
                "data__reason", flat=True
            )
        )


def test_a_session_idle_too_long_ends_and_says_why(world):
    client = signed_in_clerk(world)
    idle = settings.GHISEU_SESSION_IDLE_MINUTES * 60 + 5
    shift_session(world, client, **{SEEN_AT: idle})
    response = client.get("/birou/", follow=True)
    assert "Sesiunea a expirat" in response.content.decode()
    assert client.get("/birou/").status_code == 302
    assert expired_reasons(world) == ["idle"]


def test_an_active_session_still_ends_at_its_maximum_lifetime(world):
    client = signed_in_clerk(world)
    shift_session(world, client, **{SIGNED_IN_AT: settings.GHISEU_SESSION_MAX_HOURS * 3600 + 5})
    assert client.get("/birou/").status_code == 302
    assert expired_reasons(world) == ["lifetime"]


def test_activity_keeps_a_session_alive(world):
    client = signed_in_clerk(world)
    shift_session(world, client, **{SEEN_AT: settings.GHISEU_SESSION_IDLE_MINUTES * 60 - 60})
    assert client.get("/birou/").status_code == 200
    assert client.get("/birou/").status_code == 200  # the visit above renewed it


def test_sign_in_and_sign_out_are_recorded_and_the_session_listed(world):
    client = signed_in_clerk(world)
    with schema_context(world.resita.uat.schema_name):
        assert StaffSession.objects.filter(user__email=world.resita.clerk_email).count() == 1
    client.post("/birou/iesire/")
    with schema_context(world.resita.uat.schema_name):
        assert not StaffSession.objects.filter(user__email=world.resita.clerk_email).exists()
        recorded = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"auth.signed_in", "auth.signed_out"} <= recorded


def test_a_wrong_password_is_an_audit_event_of_that_uat_only(world):
    world.resita.client().post(
        "/birou/autentificare/", {"username": world.resita.clerk_email, "password": "gresit"}
    )
    with schema_context(world.resita.uat.schema_name):
        assert AuditEvent.objects.filter(action="auth.sign_in_failed").count() == 1
    with schema_context(world.caransebes.uat.schema_name):
        assert not AuditEvent.objects.filter(action="auth.sign_in_failed").exists()
