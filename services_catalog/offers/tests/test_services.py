from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from ghiseu.audit.models import AuditEvent
from services_catalog.offers.models import Offering
from services_catalog.offers.services import offering_save

pytestmark = pytest.mark.django_db


def settings_of(offering, **changes):
    values = {
        "is_offered": offering.is_offered,
        "fee_lei": offering.fee_lei,
        "department": offering.department,
        "term_days": offering.term_days,
        "extra_fields": offering.extra_fields,
        "instructions_ro": offering.instructions_ro,
        "instructions_en": offering.instructions_en,
    }
    return {**values, **changes}


def test_saving_the_same_offer_again_leaves_no_audit_event(world):
    with schema_context(world.resita.uat.schema_name):
        offering = Offering.objects.select_related("service").get(service__code="petitie")
        offering_save(service=offering.service, actor=None, **settings_of(offering))
        assert not AuditEvent.objects.filter(action="offering.saved").exists()


def test_the_service_refuses_a_term_longer_than_the_law_whoever_calls_it(world):
    with schema_context(world.resita.uat.schema_name):
        offering = Offering.objects.select_related("service").get(service__code="petitie")
        with pytest.raises(ValidationError) as refused:
            offering_save(
                service=offering.service,
                actor=None,
                **settings_of(offering, term_days=31, fee_lei=Decimal("-1")),
            )
        assert set(refused.value.message_dict) == {"term_days", "fee_lei"}
        assert Offering.objects.get(pk=offering.pk).term_days is None
