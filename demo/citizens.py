"""The demo's citizen journey at first sight: fees on the urbanism certificate (Reșița asks
for it after registration, Caransebeș before), and Ion Popescu's earlier petition at
Caransebeș, filed with his e-ID, so his "my requests" spans two UATs. Idempotent."""

from __future__ import annotations

import time
from decimal import Decimal

from django_tenants.utils import schema_context

from citizens.services import IdentityClaims, citizen_sign_in
from dms.models import Case
from services_catalog.filing import filing_finish
from services_catalog.offers.models import Offering
from services_catalog.submission import Pending

ION = IdentityClaims(
    subject="ion-popescu",  # as the demo e-ID provider names him
    cnp="1800101110011",
    given_name="Ion",
    family_name="Popescu",
    address="Str. Libertății nr. 10, Reșița, jud. Caraș-Severin",
    assurance="substantial",
)
FEES = {"resita": ("25.00", "after"), "caransebes": ("30.00", "before")}
EARLIER_PETITION = "demo-ion-popescu-caransebes-petitie"


def seed_citizen_journey() -> None:
    for slug, (fee, timing) in FEES.items():
        with schema_context(slug):
            Offering.objects.filter(service__code="certificat-urbanism", fee_lei=None).update(
                fee_lei=Decimal(fee), payment_timing=timing, payment_route="netopia"
            )
    ion = citizen_sign_in(provider="demo", identity=ION)
    with schema_context("caransebes"):
        if Case.objects.filter(submission_key=EARLIER_PETITION).exists():
            return
        offering = Offering.objects.select_related("service").get(service__code="petitie")
        version = offering.service.versions.filter(retired_at__isnull=True).order_by("-number")
        pending = Pending(
            key=EARLIER_PETITION,
            code="petitie",
            version=version.first().number,  # type: ignore[union-attr]
            answers={
                "full_name": ion.full_name,
                "email": "ion.popescu@example.org",
                "address": ION.address,
                "content": "Vă rog să montați un indicator de trecere pentru pietoni la școală.",
            },
            email="ion.popescu@example.org",
            code_hash="",
            expires_at=time.time(),
            citizen_ref=ion.pk,
            identity_provider="demo",
            assurance_level=ION.assurance,
        )
        filing_finish(pending=pending, offering=offering, tracking_url_template="", language="ro")
