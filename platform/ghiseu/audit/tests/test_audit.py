from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction
from django_tenants.utils import schema_context

from ghiseu.audit.models import AuditEvent
from tenants.services import uat_set_status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("schema", ["public", "resita_t"])
def test_audit_events_cannot_be_changed_or_deleted(world, schema):
    with schema_context(schema):
        event = AuditEvent.objects.create(action="test", object_type="x", object_id="1")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(action="forged")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()
        assert AuditEvent.objects.get(pk=event.pk).action == "test"


def test_status_change_is_audited_with_actor(world):
    from ghiseu.accounts.models import User

    admin = User.objects.create_superuser("audit@judet.example.org", "x")
    uat_set_status(uat=world.caransebes.uat, status="suspended", reason="mentenanță", actor=admin)
    event = AuditEvent.objects.get(
        action="uat.status_changed", object_id=str(world.caransebes.uat.pk)
    )
    assert event.actor_label == "audit@judet.example.org"
    assert event.data == {"from": "active", "to": "suspended", "reason": "mentenanță"}
