from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from ghiseu.accounts import services
from ghiseu.accounts.models import Invitation, User
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def test_uat_admin_invites_a_colleague_who_gets_the_email(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    client = world.resita.client()
    client.post(
        "/birou/autentificare/", {"username": world.resita.admin_email, "password": PASSWORD}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/birou/personal/",
            {"email": "Ana@Resita.example.org", "full_name": "Ana Ionescu", "role": "registrar"},
        )
    assert response.status_code == 302
    assert mailoutbox[-1].to == ["ana@resita.example.org"]
    assert "resita-t.localhost:8000/birou/invitatie/" in mailoutbox[-1].body
    assert "Municipiul Reșița" in mailoutbox[-1].subject
    with schema_context(world.resita.uat.schema_name):
        assert User.objects.get(email="ana@resita.example.org").role == "registrar"
    with schema_context(world.caransebes.uat.schema_name):
        assert not User.objects.filter(email="ana@resita.example.org").exists()


def test_inviting_an_existing_email_is_refused_clearly(world):
    client = world.resita.client()
    client.post(
        "/birou/autentificare/", {"username": world.resita.admin_email, "password": PASSWORD}
    )
    response = client.post(
        "/birou/personal/", {"email": world.resita.clerk_email, "full_name": "X", "role": "clerk"}
    )
    assert response.status_code == 200
    assert "Există deja un cont" in response.content.decode()


def test_clerk_sees_no_staff_administration(world):
    client = world.resita.client()
    client.post(
        "/birou/autentificare/", {"username": world.resita.clerk_email, "password": PASSWORD}
    )
    page = client.get("/birou/").content.decode()
    assert "Invitați un coleg" not in page and "/birou/personal/" not in page
    assert client.get("/birou/personal/").status_code == 403
    response = client.post(
        "/birou/personal/", {"email": "x@example.org", "full_name": "X", "role": "clerk"}
    )
    with schema_context(world.resita.uat.schema_name):
        assert not User.objects.filter(email="x@example.org").exists()
    assert response.status_code == 403


def test_invitation_is_delivered_once_even_if_queued_twice(world, mailoutbox):
    with schema_context(world.resita.uat.schema_name):
        user = User.objects.create_user("dublu@resita.example.org")
        invitation = Invitation.objects.create(user=user)
        assert services.invitation_deliver(invitation_id=invitation.pk) is True
        assert services.invitation_deliver(invitation_id=invitation.pk) is False
    assert len(mailoutbox) == 1


def test_a_failed_invitation_is_retried_then_marked_failed(world, monkeypatch):
    def smtp_down(user):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(services, "_send_invitation_email", smtp_down)
    with schema_context(world.resita.uat.schema_name):
        user = User.objects.create_user("esec@resita.example.org")
        invitation = Invitation.objects.create(user=user)
        for _ in range(services.MAX_INVITATION_ATTEMPTS):
            with pytest.raises(ConnectionRefusedError):
                services.invitation_deliver(invitation_id=invitation.pk)
        invitation.refresh_from_db()
        assert invitation.status == "failed" and invitation.attempts == 5
        assert "smtp down" in invitation.last_error


def test_sweeper_requeues_invitations_left_behind(world, mailoutbox):
    from datetime import timedelta

    from django.utils import timezone

    from ghiseu.accounts.tasks import invitations_sweep

    with schema_context(world.caransebes.uat.schema_name):
        user = User.objects.create_user("uitat@caransebes.example.org")
        invitation = Invitation.objects.create(user=user)
        Invitation.objects.filter(pk=invitation.pk).update(
            updated_at=timezone.now() - timedelta(minutes=10)
        )
    assert invitations_sweep.apply().get() >= 1
    assert any(m.to == ["uitat@caransebes.example.org"] for m in mailoutbox)
    with schema_context(world.caransebes.uat.schema_name):
        invitation.refresh_from_db()
        assert invitation.status == "sent"


def test_staff_list_query_count_is_bounded(world, django_assert_max_num_queries):
    client = world.resita.client()
    client.post(
        "/birou/autentificare/", {"username": world.resita.admin_email, "password": PASSWORD}
    )
    with schema_context(world.resita.uat.schema_name):
        for n in range(15):
            User.objects.create_user(f"u{n}@resita.example.org")
    with django_assert_max_num_queries(8):
        assert client.get("/birou/personal/").status_code == 200
