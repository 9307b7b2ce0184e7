"""Reconciling ghiseul.ro payments from the UAT's statement file.

The file is the CSV report of payments received (one line a payment; comma or semicolon),
with a header naming at least: the date (``data``), the amount in lei (``suma``), the payment
details the citizen wrote (``explicatie`` or ``detalii``) and the transaction's id
(``id_tranzactie``). A line pays the payment whose reference appears in its details when the
amount is exactly the fee; a line seen before changes nothing (keyed by transaction id).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Payment, PaymentEvent, PaymentProviderName, PaymentState
from .services import payment_transition

REFERENCE = re.compile(r"GHS-[A-Z2-9]{4}-[A-Z2-9]{4}")
MAX_LINES = 20_000


class StatementUnreadable(Exception):
    pass


@dataclass
class StatementReport:
    paid: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    amount_differs: list[str] = field(default_factory=list)
    unmatched: int = 0


def _lei(text: str) -> Decimal:
    cleaned = text.strip().replace(" ", "").replace("lei", "").replace("RON", "")
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    return Decimal(cleaned.replace(",", ".")).quantize(Decimal("0.01"))


def _rows(content: bytes) -> list[dict[str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1250", errors="replace")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = {(name or "").strip().lower() for name in reader.fieldnames or []}
    if not {"suma", "id_tranzactie"} <= headers or not headers & {"explicatie", "detalii"}:
        raise StatementUnreadable(
            _("Fișierul nu are coloanele suma, explicatie (sau detalii) și id_tranzactie.")
        )
    rows = []
    for number, row in enumerate(reader):
        if number >= MAX_LINES:
            raise StatementUnreadable(_("Fișierul are prea multe rânduri."))
        rows.append({(k or "").strip().lower(): (v or "").strip() for k, v in row.items()})
    return rows


def statement_reconcile(*, content: bytes, actor: Any) -> StatementReport:
    report = StatementReport()
    for row in _rows(content):
        found = REFERENCE.search((row.get("explicatie") or row.get("detalii") or "").upper())
        if found is None:
            report.unmatched += 1
            continue
        try:
            amount = _lei(row.get("suma", ""))
        except InvalidOperation:
            report.unmatched += 1
            continue
        dedupe = hashlib.sha256(f"ghiseul:{row.get('id_tranzactie', '')}".encode()).hexdigest()
        with transaction.atomic():
            payment = (
                Payment.objects.select_for_update()
                .filter(reference=found.group(0), provider=PaymentProviderName.GHISEUL)
                .first()
            )
            if payment is None:
                report.unmatched += 1
            elif PaymentEvent.objects.filter(dedupe_key=dedupe).exists() or payment.is_paid:
                report.already.append(payment.reference)
            elif amount != payment.amount:
                report.amount_differs.append(payment.reference)
            else:
                payment_transition(
                    payment_id=payment.pk, to=PaymentState.PENDING, source="statement"
                )
                payment_transition(
                    payment_id=payment.pk,
                    to=PaymentState.PAID,
                    source="statement",
                    dedupe_key=dedupe,
                    data={"transaction": row.get("id_tranzactie", ""), "date": row.get("data", "")},
                    actor=actor,
                )
                report.paid.append(payment.reference)
    return report
