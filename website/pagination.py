"""Keyset pagination for the site's lists: a page starts after the last row of the page before
it (that row's ordering key, carried in the link), so page 200 costs what page 1 costs, where an
OFFSET reads and drops every row before it; and an act registered while a reader pages through
the list neither repeats a row on the next page nor hides one.

A list is ordered newest first by ``keys`` (all descending, the last one unique among rows that
tie on the others). ``dupa=<key>`` is the page after a row, ``inainte=<key>`` the page before
one; a key that does not parse (a hand-edited link) shows the first page, never an error."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet

AFTER, BEFORE = "dupa", "inainte"
# ``pagina`` was the page number of the offset pages: an old link shows the first page.
CURSOR_PARAMETERS = (AFTER, BEFORE, "pagina")
SEPARATOR = "_"  # in no ISO date or time, nor in a number
LARGEST = 2**31  # the integer columns' range: a larger number is a hand-edited link


@dataclass(frozen=True)
class KeysetPage:
    rows: list[Any]
    count: int  # of the whole list, every page
    is_first: bool
    # Query strings of the first and the neighbouring pages, the filters kept ("" for none).
    first_query: str
    previous_query: str
    next_query: str

    @property
    def has_other_pages(self) -> bool:
        return bool(self.previous_query or self.next_query or not self.is_first)


def keyset_page(
    rows: QuerySet[Any], *, keys: Sequence[str], params: Mapping[str, str], size: int
) -> KeysetPage:
    """One page of ``rows`` in two queries (its rows, and the list's count)."""
    kept = [(name, value) for name, value in params.items() if name not in CURSOR_PARAMETERS]
    after = _decode(rows.model, keys, params.get(AFTER))
    before = None if after is not None else _decode(rows.model, keys, params.get(BEFORE))
    if before is not None:
        # The rows just newer than the key, read oldest first from it, shown newest first.
        found = list(rows.filter(_beyond(keys, before, older=False)).order_by(*keys)[: size + 1])
        page, newer, older = found[:size][::-1], len(found) > size, True
    else:
        chosen = rows if after is None else rows.filter(_beyond(keys, after, older=True))
        found = list(chosen.order_by(*(f"-{key}" for key in keys))[: size + 1])
        page, newer, older = found[:size], after is not None, len(found) > size
    if not page and (after is not None or before is not None):
        # Past either end (the rows beyond the key were withdrawn meanwhile): the first page.
        return keyset_page(rows, keys=keys, params=dict(kept), size=size)
    return KeysetPage(
        rows=page,
        count=rows.count(),
        is_first=not newer,
        first_query=urlencode(kept),
        previous_query=_link(kept, BEFORE, page[0], keys) if newer else "",
        next_query=_link(kept, AFTER, page[-1], keys) if older else "",
    )


def _beyond(keys: Sequence[str], values: Sequence[Any], *, older: bool) -> Q:
    """Rows strictly older (or newer) than ``values`` in the order of ``keys``; the redundant
    bound on the first key lets PostgreSQL start the index scan at the key."""
    strict, bound = ("lt", "lte") if older else ("gt", "gte")
    alternatives = [
        Q(**dict(zip(keys[:depth], values[:depth], strict=True)), **{f"{key}__{strict}": value})
        for depth, (key, value) in enumerate(zip(keys, values, strict=True))
    ]
    return Q(**{f"{keys[0]}__{bound}": values[0]}) & reduce(or_, alternatives)


def _link(kept: list[tuple[str, str]], name: str, row: Any, keys: Sequence[str]) -> str:
    return urlencode([*kept, (name, SEPARATOR.join(_encoded(getattr(row, key)) for key in keys))])


def _encoded(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _decode(model: type[Model], keys: Sequence[str], raw: str | None) -> list[Any] | None:
    parts = (raw or "").split(SEPARATOR)
    if not raw or len(parts) != len(keys) or len(raw) > 200:
        return None
    values = []
    for key, part in zip(keys, parts, strict=True):
        try:
            value = model._meta.get_field(key).to_python(part)  # type: ignore[union-attr]
        except (FieldDoesNotExist, ValidationError, ValueError, OverflowError):
            return None
        if isinstance(value, int) and not -LARGEST < value < LARGEST:
            return None
        if isinstance(value, datetime.datetime) and value.tzinfo is None:
            return None
        if value is None:
            return None
        values.append(value)
    return values
