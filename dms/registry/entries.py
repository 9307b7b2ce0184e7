"""Lines of the registry book: the only place a registry number is taken and a line written.

Registry numbers are gapless per year: the counter row is locked in the transaction that uses
the number (``registry_number_take``), so a failed transaction gives its number back. Every
line, incoming or outgoing, whatever the channel, is written by ``entry_register``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from dms.models import Direction, RegistryCounter, RegistryEntry
from ghiseu.accounts.models import User


def registry_number_take(*, year: int) -> int:
    """The next number of ``year``, under a row lock held until the caller's COMMIT: gapless,
    and a rolled-back transaction gives its number back."""
    if not connection.in_atomic_block:
        raise RuntimeError("take a registry number inside the transaction that uses it")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RegistryCounter._meta.db_table} (year, last_number) VALUES (%s, 0) "  # noqa: S608 (our table name)
            "ON CONFLICT (year) DO NOTHING",
            [year],
        )
    counter = RegistryCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@dataclass(frozen=True)
class RegistryLine:
    """The columns of one line of the book (registru de intrare-ieșire), as the archive rules
    name them; the number and the registration time are the book's to give."""

    channel: str
    sender_name: str
    summary: str
    direction: str = Direction.INCOMING
    sender_reference: str = ""
    sender_date: date | None = None
    pages: int = 1
    annexes: int = 0
    department: str = ""
    resolution: str = ""
    dispatch_date: date | None = None
    recipient: str = ""
    linked_entry: RegistryEntry | None = None
    file_code: str = ""


def entry_register(*, line: RegistryLine, user: User | None = None) -> RegistryEntry:
    """Take the next number of the year and write the line, in the caller's transaction.

    Take it as late as possible: every other registration of the UAT waits on the counter's
    row lock until COMMIT."""
    now = timezone.now()
    year = timezone.localdate(now).year
    return RegistryEntry.objects.create(
        year=year,
        number=registry_number_take(year=year),
        registered_at=now,
        direction=line.direction,
        channel=line.channel,
        sender_name=line.sender_name[:200],
        sender_reference=line.sender_reference[:60],
        sender_date=line.sender_date,
        summary=line.summary[:500],
        pages=line.pages,
        annexes=line.annexes,
        department=line.department[:120],
        resolution=line.resolution[:300],
        dispatch_date=line.dispatch_date,
        recipient=line.recipient[:200],
        linked_entry=line.linked_entry,
        file_code=line.file_code[:30],
        registered_by=user if user is not None and user.is_authenticated else None,
    )
