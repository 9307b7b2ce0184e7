"""An administrator deactivates, reactivates, resets and re-invites colleagues of their UAT."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from ghiseu.accounts import lifecycle
from ghiseu.accounts.models import Invitation, Role, StaffSession, User
from ghiseu.accounts.work import PROVIDERS, WorkProvider
from ghiseu.audit.models import AuditEvent
from ghiseu.notifications.models import Notification
from tests.world import PASSWORD

from .twofactor_helpers import password_step, totp_device_for

pytestmark = pytest.mark.django_db


def signed_in(portal, email):
    client = portal.client()
    assert password_step(client, email) == "/birou/"
    return client


def member(world, email):
    with schema_context(world.resita.uat.schema_name):
        return User.objects.get(email=email)


def test_a_deactivated_clerk_is_signed_out_at_once_and_cannot_sign_in_again(world):
    clerk_browser = signed_in(world.resita, world.resita.clerk_email)
    assert clerk_browser.get("/birou/").status_code == 200
    admin = signed_in(world.resita, world.resita.admin_email)
    clerk = member(world, world.resita.clerk_email)
    response = admin.post(f"/birou/personal/{clerk.pk}/dezactiveaza/", follow=True)
    assert "Contul a fost dezactivat" in response.content.decode()
    assert clerk_browser.get("/birou/").status_code == 302
    again = world.resita.client().post(
        "/birou/autentificare/", {"username": world.resita.clerk_email, "password": PASSWORD}
    )
    assert again.status_code == 200
    with schema_context(world.resita.uat.schema_name):
        assert not StaffSession.objects.filter(user=clerk).exists()
        event = AuditEvent.objects.get(action="user.deactivated", object_id=str(clerk.pk))
        assert event.data["sessions_ended"] == 1
    listing = admin.get("/birou/personal/").content.decode()
    assert "dezactivat" in listing


def test_reactivation_lets_the_clerk_sign_in_again(world):
    admin = signed_in(world.resita, world.resita.admin_email)
    clerk = member(world, world.resita.clerk_email)
    admin.post(f"/birou/personal/{clerk.pk}/dezactiveaza/")
    admin.post(f"/birou/personal/{clerk.pk}/reactiveaza/")
    signed_in(world.resita, world.resita.clerk_email)


def test_the_last_administrator_cannot_deactivate_themselves(world):
    admin_user = member(world, world.resita.admin_email)
    admin = signed_in(world.resita, world.resita.admin_email)
    response = admin.post(f"/birou/personal/{admin_user.pk}/dezactiveaza/", follow=True)
    assert "propriul cont" in response.content.decode()
    assert member(world, world.resita.admin_email).is_active


def test_a_deactivated_administrator_can_no_longer_act(world):
    with schema_context(world.resita.uat.schema_name):
        former = User.objects.create_user(
            "fost@resita.example.org", role=Role.UAT_ADMIN, is_active=False
        )
        clerk = User.objects.get(email=world.resita.clerk_email)
        with pytest.raises(PermissionDenied):
            lifecycle.user_deactivate(actor=former, user=clerk)


def test_open_work_is_handed_over_in_the_same_step_or_the_deactivation_is_refused(world):
    handed: list[tuple[int, int]] = []
    PROVIDERS["test"] = WorkProvider(
        name="test",
        count_open=lambda user: 0 if handed else 3,
        reassign=lambda *, user, to, actor: handed.append((user.pk, to.pk)) or 3,
    )
    try:
        admin = signed_in(world.resita, world.resita.admin_email)
        clerk = member(world, world.resita.clerk_email)
        page = admin.get(f"/birou/personal/{clerk.pk}/").content.decode()
        assert "Colegul care preia dosarele deschise" in page
        refused = admin.post(f"/birou/personal/{clerk.pk}/dezactiveaza/", follow=True)
        assert "3 dosare deschise" in refused.content.decode()
        assert member(world, world.resita.clerk_email).is_active
        admin_user = member(world, world.resita.admin_email)
        admin.post(f"/birou/personal/{clerk.pk}/dezactiveaza/", {"reassign_to": str(admin_user.pk)})
        assert handed == [(clerk.pk, admin_user.pk)]
        assert not member(world, world.resita.clerk_email).is_active
    finally:
        PROVIDERS.pop("test")


def test_a_reset_removes_every_factor_ends_sessions_and_emails_the_user(world, settings):
    settings.GHISEU_TWO_FACTOR_ENFORCED = True
    schema = world.resita.uat.schema_name
    with schema_context(schema):
        User.objects.filter(email=world.resita.clerk_email).update(role=Role.SECRETARY)
    totp_device_for(schema, world.resita.clerk_email)
    settings.GHISEU_TWO_FACTOR_ENFORCED = False  # the admin signs in with a password here
    admin = signed_in(world.resita, world.resita.admin_email)
    clerk = member(world, world.resita.clerk_email)
    admin.post(f"/birou/personal/{clerk.pk}/reseteaza-2fa/")
    with schema_context(schema):
        assert not TOTPDevice.objects.filter(user=clerk).exists()
        mail = Notification.objects.get(kind="accounts.two_factor_reset")
        assert mail.recipient == world.resita.clerk_email
        assert "resetat" in mail.body_text
        assert AuditEvent.objects.filter(action="2fa.reset", object_id=str(clerk.pk)).exists()
    settings.GHISEU_TWO_FACTOR_ENFORCED = True
    # Their next sign-in sets up a new factor.
    assert (
        password_step(world.resita.client(), world.resita.clerk_email)
        == "/birou/autentificare/configurare/"
    )


def test_only_an_administrator_may_reset_or_deactivate(world):
    clerk = signed_in(world.resita, world.resita.clerk_email)
    admin_user = member(world, world.resita.admin_email)
    for action in ("reseteaza-2fa", "dezactiveaza", "reactiveaza", "retrimite-invitatia"):
        assert clerk.post(f"/birou/personal/{admin_user.pk}/{action}/").status_code == 403
    assert clerk.get(f"/birou/personal/{admin_user.pk}/").status_code == 403
    assert member(world, world.resita.admin_email).is_active


def test_an_expired_invitation_is_shown_and_a_new_one_voids_the_old_link(world, mailoutbox):
    from ghiseu.accounts.services import invitation_link, user_invite

    with schema_context(world.resita.uat.schema_name):
        invited = user_invite(email="nou@resita.example.org", role=Role.CLERK, full_name="Nou")
        old_link = invitation_link(invited)
        Invitation.objects.filter(user=invited).update(
            created_at=timezone.now() - timedelta(days=4)
        )
    admin = signed_in(world.resita, world.resita.admin_email)
    assert "invitație expirată" in admin.get("/birou/personal/").content.decode()
    admin.post(f"/birou/personal/{invited.pk}/retrimite-invitatia/")
    old_path = old_link.split(":8000", 1)[1]
    assert (
        "nu mai este valabilă" in world.resita.client().get(old_path, follow=True).content.decode()
    )


def test_the_staff_pages_of_one_uat_do_not_show_another_uats_accounts(world):
    with schema_context(world.resita.uat.schema_name):
        only_here = User.objects.create_user("doar@resita.example.org", role=Role.CLERK)
    admin = signed_in(world.caransebes, world.caransebes.admin_email)
    with schema_context(world.caransebes.uat.schema_name):
        assert not User.objects.filter(pk=only_here.pk).exists()
    assert admin.get(f"/birou/personal/{only_here.pk}/").status_code == 404
    assert admin.post(f"/birou/personal/{only_here.pk}/dezactiveaza/").status_code == 404


def test_the_staff_list_needs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    with schema_context(world.resita.uat.schema_name):
        for n in range(15):
            User.objects.create_user(f"coleg{n}@resita.example.org", role=Role.CLERK)
    admin = signed_in(world.resita, world.resita.admin_email)
    with django_assert_max_num_queries(14):
        assert admin.get("/birou/").status_code == 200
