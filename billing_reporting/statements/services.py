"""Price lists and monthly statements.

On the 1st, each UAT gets the statement of the month before: the monthly fee of its kind,
the SMS segments and e-mails of the usage ledger, the documents it stores (GB at the end of
the month) and the cases it registered (the quality facts), each at the price list in force
for that month. Issuing is idempotent (one original per UAT and month, enforced by the
database); numbers are gapless per year; a correction is a new statement naming the one it
replaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from billing_reporting.facts.selectors import cases_registered
from billing_reporting.indicators.periods import add_months
from billing_reporting.models import UsageMonth
from dms.documents.selectors import documents_stored_bytes
from ghiseu.accounts.models import User
from ghiseu.audit.services import audit_record
from tenants.selectors import uat_directory

from .models import PriceList, Statement, StatementCounter, StatementLine

CENT = Decimal("0.01")
GB = Decimal(1_000_000_000)
PRICE_FIELDS = (
    "per_sms_segment",
    "per_email",
    "per_gb_month",
    "per_case",
    "fee_judet",
    "fee_municipiu",
    "fee_oras",
    "fee_comuna",
)


@transaction.atomic
def price_list_create(*, actor: User, valid_from: date, prices: dict[str, Decimal]) -> PriceList:
    """A new price list from a month on; past months keep the prices they were billed at."""
    if valid_from.day != 1:
        raise ValidationError(_("Lista de prețuri începe în prima zi a unei luni."))
    if valid_from < timezone.localdate().replace(day=1):
        raise ValidationError(
            _(
                "O listă de prețuri nouă începe cel mai devreme luna aceasta: lunile trecute "
                "rămân la prețurile cu care au fost facturate."
            )
        )
    if valid_from > add_months(timezone.localdate().replace(day=1), 24):
        raise ValidationError(_("O listă de prețuri se stabilește cel mult cu doi ani înainte."))
    if PriceList.objects.filter(valid_from=valid_from).exists():
        raise ValidationError(_("Există deja o listă de prețuri din această lună."))
    values = {}
    for name in PRICE_FIELDS:
        value = prices.get(name)
        if value is None or value < 0 or value > Decimal("1000000"):
            raise ValidationError(_("Prețurile sunt sume între 0 și 1.000.000 de lei."))
        values[name] = value
    price_list = PriceList.objects.create(
        valid_from=valid_from, created_by=actor.get_username(), **values
    )
    audit_record(
        actor=actor,
        action="price_list.created",
        target=price_list,
        data={"valid_from": f"{valid_from}", **{k: f"{v}" for k, v in values.items()}},
    )
    return price_list


def price_list_for(month: date) -> PriceList | None:
    return PriceList.objects.filter(valid_from__lte=month).order_by("-valid_from").first()


@dataclass(frozen=True)
class LineData:
    kind: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


def _month_end(month: date) -> datetime:
    """The first moment of the next month, Europe/Bucharest."""
    return timezone.make_aware(datetime.combine(add_months(month, 1), time.min))


def statement_lines(
    *, schema: str, uat_kind: str, month: date, price_list: PriceList
) -> list[LineData]:
    usage = dict(
        UsageMonth.objects.filter(schema_name=schema, month=month).values_list("kind", "quantity")
    )
    with schema_context(schema):
        stored = documents_stored_bytes(before=_month_end(month))
    gigabytes = (Decimal(stored) / GB).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return [
        LineData(
            "fee", _("Abonament lunar"), Decimal(1), _("lună"), price_list.monthly_fee(uat_kind)
        ),
        LineData(
            "sms",
            _("SMS trimise"),
            Decimal(usage.get("sms", 0)),
            _("segmente"),
            price_list.per_sms_segment,
        ),
        LineData(
            "email",
            _("E-mailuri trimise"),
            Decimal(usage.get("email", 0)),
            _("e-mailuri"),
            price_list.per_email,
        ),
        LineData(
            "storage",
            _("Documente stocate la sfârșitul lunii"),
            gigabytes,
            "GB",
            price_list.per_gb_month,
        ),
        LineData(
            "cases",
            _("Cereri înregistrate"),
            Decimal(cases_registered(schema=schema, month=month)),
            _("cereri"),
            price_list.per_case,
        ),
    ]


def _next_number(year: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO public.{StatementCounter._meta.db_table} (year, last_number)"  # noqa: S608
            " VALUES (%s, 0) ON CONFLICT (year) DO NOTHING",
            [year],
        )
    counter = StatementCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{year}-{counter.last_number:04d}"


def _write(
    *,
    schema: str,
    uat_name: str,
    uat_kind: str,
    month: date,
    price_list: PriceList,
    lines: list[LineData],
    corrects: Statement | None,
    reason: str,
) -> Statement:
    now = timezone.now()
    statement = Statement.objects.create(
        number=_next_number(timezone.localdate(now).year),
        schema_name=schema,
        uat_name=uat_name,
        uat_kind=uat_kind,
        month=month,
        price_list=price_list,
        issued_at=now,
        total=sum((line.amount for line in lines), Decimal(0)),
        corrects=corrects,
        reason=reason,
    )
    StatementLine.objects.bulk_create(
        StatementLine(
            statement=statement,
            position=position,
            kind=line.kind,
            description=line.description,
            quantity=line.quantity,
            unit=line.unit,
            unit_price=line.unit_price,
            amount=line.amount,
        )
        for position, line in enumerate(lines, start=1)
    )
    audit_record(
        actor=None,
        action="statement.corrected" if corrects else "statement.issued",
        target=statement,
        data={
            "number": statement.number,
            "schema": schema,
            "month": f"{month}",
            "total": f"{statement.total}",
        },
    )
    return statement


def statement_issue(*, schema: str, uat_name: str, uat_kind: str, month: date) -> Statement | None:
    """The month's statement of one UAT, once: None when it was issued already or no price
    list covers the month."""
    price_list = price_list_for(month)
    if price_list is None:
        return None
    if Statement.objects.filter(schema_name=schema, month=month, corrects__isnull=True).exists():
        return None
    lines = statement_lines(schema=schema, uat_kind=uat_kind, month=month, price_list=price_list)
    try:
        with transaction.atomic():
            return _write(
                schema=schema,
                uat_name=uat_name,
                uat_kind=uat_kind,
                month=month,
                price_list=price_list,
                lines=lines,
                corrects=None,
                reason="",
            )
    except IntegrityError:
        return None  # another run issued it in the meantime


def statements_issue_month(*, month: date) -> int:
    """Every UAT's statement of ``month`` (the beat runs it on the 1st for the last month)."""
    if month >= timezone.localdate().replace(day=1):
        raise ValidationError(_("Situația unei luni se emite după ce luna s-a încheiat."))
    issued = 0
    for uat in list(uat_directory()):
        if statement_issue(
            schema=uat.schema_name, uat_name=uat.official_name, uat_kind=uat.kind, month=month
        ):
            issued += 1
    return issued


@transaction.atomic
def statement_correct(*, actor: User, statement_id: int, reason: str) -> Statement:
    """A new statement for the same UAT and month, recomputed now, replacing the latest one."""
    original = Statement.objects.select_for_update().filter(pk=statement_id).first()
    if original is None:
        raise ValidationError(_("Situația nu există."))
    if Statement.objects.filter(corrects=original).exists():
        raise ValidationError(_("Situația a fost deja corectată; corectați ultima variantă."))
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise ValidationError(_("Scrieți motivul corecției (cel mult 300 de caractere)."))
    price_list = price_list_for(original.month) or original.price_list
    lines = statement_lines(
        schema=original.schema_name,
        uat_kind=original.uat_kind,
        month=original.month,
        price_list=price_list,
    )
    correction = _write(
        schema=original.schema_name,
        uat_name=original.uat_name,
        uat_kind=original.uat_kind,
        month=original.month,
        price_list=price_list,
        lines=lines,
        corrects=original,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="statement.correction_asked",
        target=original,
        data={"by": correction.number},
    )
    return correction
