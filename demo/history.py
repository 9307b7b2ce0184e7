"""A year of history in the demo UATs, so every quality page has something true to show.

For each demo UAT: cases filed over the last 12 months with the usual mix of its services
(dms.cases.history, bulk SQL), answered mostly in term, some late, some extended, a few still
open past their term; satisfaction surveys answered for part of the answers; the quality facts;
the nonconformities the breaches open, most of them worked and closed long ago; the county's
population data, a price list and last month's statements. Written once per UAT: a second
`make demo` finds the history and does nothing.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from billing_reporting.county.services import population_set
from billing_reporting.facts.services import facts_refresh
from billing_reporting.indicators.periods import add_months
from billing_reporting.models import Population, PriceList, UsageMonth
from billing_reporting.quality.models import Nonconformity, Survey
from billing_reporting.statements.services import statements_issue_month
from dms.cases.history import HistoryMix, HistoryService, history_exists, history_generate
from dms.departments.selectors import department_heads
from dms.models import Case, Department
from ghiseu.accounts.models import Role, User
from ghiseu.audit.services import audit_record_many
from services_catalog.offers.models import Offering

from .seed import DEMO_PASSWORD, seed_rows

KEY = "demo-year"
CASES_PER_INHABITANT = 0.07  # a year's requests filed here for each inhabitant, roughly
# How often each service is asked for, relative to the others (a petition is common, a
# marriage appointment rare); services not listed weigh 2.
WEIGHTS = {
    "petitie": 16,
    "sesizare": 14,
    "informatii-publice": 6,
    "audienta": 3,
    "certificat-urbanism": 10,
    "autorizatie-construire": 5,
    "certificat-fiscal": 18,
    "declaratie-cladiri": 6,
    "declaratie-terenuri": 4,
    "declaratie-auto": 6,
    "radiere-vehicul": 3,
    "adeverinta-registru-agricol": 4,
    "programare-casatorie": 2,
    "autorizatie-transport-judetean": 3,
    "aviz-drum-judetean": 4,
    "informatii-publice-judet": 6,
}
MIX = HistoryMix(forwarded=25, rejected=35, filed=15, late=55, extended=60, stuck_open=6)
PRICES = {
    "per_sms_segment": Decimal("0.045"),
    "per_email": Decimal("0.002"),
    "per_gb_month": Decimal("0.60"),
    "per_case": Decimal("0.05"),
    "fee_judet": Decimal("900"),
    "fee_municipiu": Decimal("450"),
    "fee_oras": Decimal("250"),
    "fee_comuna": Decimal("90"),
}
SCORES = (5,) * 46 + (4,) * 30 + (3,) * 12 + (2,) * 7 + (1,) * 5
REASONS = {5: "solved", 4: "speed", 3: "clarity", 2: "slow", 1: "not_solved"}
COMMENTS = {
    2: "Am așteptat mult și nu am fost anunțat.",
    1: "Răspunsul nu rezolvă problema semnalată.",
}


def demo_head_email(slug: str) -> str:
    return f"sef@{slug}.example.org"


def seed_quality_history(*, today: date | None = None, slugs: set[str] | None = None) -> list[str]:
    """The history of every demo UAT (or of ``slugs``) that has none yet; returns their
    slugs."""
    today = today or timezone.localdate()
    written = []
    rows = [row for row in seed_rows() if slugs is None or row["slug"] in slugs]
    for row in rows:
        schema = row["slug"].replace("-", "_")
        if not Population.objects.filter(schema_name=schema).exists():
            population_set(
                actor=None,
                schema=schema,
                inhabitants=row["population"],
                source="Recensământul 2021 (aproximativ)",
            )
        with schema_context(schema):
            if history_exists(key=KEY):
                continue
            _uat_history(schema, row, today)
        written.append(row["slug"])
    if written:
        _billing(today, rows)
    return written


def _services() -> list[HistoryService]:
    offers = Offering.objects.filter(is_offered=True).select_related("service", "department")
    clerk = User.objects.filter(role=Role.CLERK, email__startswith="functionar@").first()
    return [
        HistoryService(
            code=offer.service.code,
            title=offer.service.title_ro,
            term_days=offer.term_days or offer.service.term_days,
            term_unit=offer.service.term_unit,
            extension_days=offer.service.extension_days,
            department_id=offer.department_id,
            department_name=offer.department.name if offer.department else "",
            weight=WEIGHTS.get(offer.service.code, 2),
            assignee_id=clerk.pk if clerk else None,
        )
        for offer in offers
    ]


def _uat_history(schema: str, row: dict[str, object], today: date) -> None:
    head = _demo_head(row["slug"])  # type: ignore[arg-type]
    population = int(row["population"])  # type: ignore[call-overload]
    cases = max(120, int(population * CASES_PER_INHABITANT))
    if row["kind"] == "judet":
        cases = 1200  # the county council's own requests, not the county's population
    history_generate(
        key=KEY,
        cases=cases,
        first_day=today - timedelta(days=365),
        last_day=today - timedelta(days=1),
        services=_services(),
        mix=MIX,
    )
    _surveys(today)
    facts_refresh(schema=schema, days=None)
    _nonconformities_worked(head, today)


def _demo_head(slug: str) -> User:
    """The head of the first department (Urbanism where there is one), for the demo."""
    email = demo_head_email(slug)
    head = User.objects.filter(email=email).first()
    if head is None:
        head = User.objects.create_user(
            email, DEMO_PASSWORD, role=Role.HEAD, full_name="Șef de compartiment (demo)"
        )
    department = (
        Department.objects.filter(name__icontains="urbanism").first()
        or Department.objects.order_by("pk").first()
    )
    if department is not None and department.head_id is None:
        department.head = head
        department.save(update_fields=["head"])
        department.members.add(head)
    return head


_SALTS = {"sent": 2654435761, "answered": 40503, "score": 2246822519}


def _pick(case_id: int, salt: str) -> int:
    """A stable number 0-99 per case: the same history gives the same surveys."""
    return (case_id * _SALTS[salt] // 7) % 100


@transaction.atomic
def _surveys(today: date) -> None:
    """Answers of the survey sent with part of the answers: ~55% of answered requests had an
    e-mail address, ~40% of those rated the answer."""
    answered = Case.objects.filter(
        submission_key__startswith=f"history:{KEY}:", status__in=("answered", "rejected")
    ).values_list(
        "pk", "entry__number", "entry__registered_at", "service_code", "department_id", "closed_at"
    )
    surveys = []
    for pk, number, registered_at, code, department, closed_at in answered:
        if _pick(pk, "sent") >= 55:
            continue
        answered_it = _pick(pk, "answered") < 40
        score = SCORES[_pick(pk, "score")] if answered_it else None
        surveys.append(
            Survey(
                case_id=pk,
                case_number=f"{number}/{timezone.localtime(registered_at):%d.%m.%Y}",
                service_code=code,
                department_id=department or 0,
                token_digest=secrets.token_hex(32),  # no link was ever sent for it
                answered_at=closed_at + timedelta(days=2) if answered_it and closed_at else None,
                score=score,
                reason=REASONS[score] if score else "",
                comment=COMMENTS.get(score or 0, ""),
            )
        )
    Survey.objects.bulk_create(surveys, batch_size=2000)


@transaction.atomic
def _nonconformities_worked(head: User, today: date) -> None:
    """The breaches older than six weeks were worked and closed; low survey scores made
    complaints, the old ones closed too. The recent ones wait, as in a real register."""
    closing_before = timezone.now() - timedelta(days=42)
    old = Nonconformity.objects.filter(source="deadline", opened_at__lt=closing_before)
    closed = list(old.values_list("pk", flat=True))
    old.update(
        state="closed",
        correction="Răspunsul a fost transmis; solicitantul a fost informat asupra întârzierii.",
        root_cause="Volum mare de cereri în perioada respectivă, un singur funcționar pe serviciu.",
        corrective_action="Înlocuitor desemnat pentru fiecare serviciu; termenele urmărite zilnic.",
        effectiveness="Verificat după trei luni: cererile serviciului au primit răspuns în termen.",
        closed_at=closing_before,
    )
    audit_record_many(
        actor=None,
        action="nonconformity.closed",
        model=Nonconformity,
        items=[(pk, {"demo": True}) for pk in closed],
    )
    heads = department_heads()
    complaints = []
    for survey in Survey.objects.filter(score__lte=2, complaint__isnull=True):
        is_old = survey.answered_at is not None and survey.answered_at < closing_before
        complaints.append(
            Nonconformity(
                source="complaint",
                state="closed" if is_old else "open",
                title=f"Reclamație: cererea {survey.case_number}, nota {survey.score}",
                description=survey.comment,
                case_id=survey.case_id,
                case_number=survey.case_number,
                service_code=survey.service_code,
                department_id=survey.department_id,
                survey=survey,
                owner_id=heads.get(survey.department_id, head.pk),
                correction="Solicitantul a fost contactat telefonic." if is_old else "",
                closed_at=closing_before if is_old else None,
            )
        )
    Nonconformity.objects.bulk_create(complaints, batch_size=1000)


def _billing(today: date, rows: list[dict[str, Any]]) -> None:
    """A price list from a year ago, last month's usage in the ledger, last month's
    statements (issued as on the 1st)."""
    last_month = add_months(today.replace(day=1), -1)
    PriceList.objects.get_or_create(valid_from=add_months(last_month, -11), defaults=PRICES)
    for row in rows:
        schema = row["slug"].replace("-", "_")
        cases = max(120, int(row["population"] * CASES_PER_INHABITANT)) // 12
        for kind, per_case in (("sms", 2), ("email", 3)):
            UsageMonth.objects.get_or_create(
                schema_name=schema,
                kind=kind,
                month=last_month,
                defaults={"quantity": cases * per_case},
            )
    statements_issue_month(month=last_month)
