"""Search text of the registry: every entry keeps one folded text (no diacritics; cedilla and
comma forms alike) of its columns, its case and its documents' text, indexed for PostgreSQL
full-text search with the "simple" configuration: registry searches are for names, numbers and
word beginnings, which stemming would blur, and PostgreSQL's Romanian stemmer expects the
diacritics that folding removes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db.models import QuerySet

from dms.documents.text import printable
from dms.models import Document, RegistryEntry
from ghiseu.ops.text import fold

MAX_QUERY_WORDS = 8


def _answers_text(answers: dict[str, Any]) -> str:
    return " ".join(str(value) for value in answers.values() if isinstance(value, str | int))


def entry_search_refresh(entry: RegistryEntry) -> None:
    case = getattr(entry, "case", None) if entry.pk else None
    documents = Document.objects.filter(entry=entry)
    if case is not None:
        documents = Document.objects.filter(case=case) | documents
    texts = [*documents.values_list("name", flat=True), *documents.values_list("text", flat=True)]
    rest = search_text_after_number(entry, case=case, documents=texts)
    entry.search_text = " ".join(
        part for part in (str(entry.number), entry.display_number, rest) if part
    )
    entry.save(update_fields=["search_text"])


def search_text_after_number(entry: RegistryEntry, *, case: Any, documents: list[str]) -> str:
    """The folded search text of everything but the number: the columns, the case, the names
    and the text of the documents (the number comes first, see entry_number)."""
    parts = [
        entry.sender_name,
        entry.sender_reference,
        entry.summary,
        entry.recipient,
        entry.department,
        entry.file_code,
    ]
    if case is not None:
        parts += [
            case.citizen_name,
            case.citizen_email,
            case.service_code,
            _answers_text(case.answers),
        ]
    return fold(printable(" ".join(part for part in [*parts, *documents] if part)))


# Words PostgreSQL's parser keeps whole, and so must the query: an e-mail address and a
# registry number as printed ("21/01.12.2026", a "file" token to the parser). Only the
# characters these can hold survive, so the quoted lexeme can never break the tsquery.
_WHOLE_WORD = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$|^\d{1,9}/[\d.]{4,10}$")


def _lexeme(word: str) -> str:
    word = word.strip(",;:()[]<>\"'")
    if _WHOLE_WORD.match(word):
        return f"'{word}'"
    return "".join(ch for ch in word if ch.isalnum())


def search_query(raw: str) -> SearchQuery | None:
    """A query every word of which must match (as a prefix); None for a query with no word.

    Words are folded and reduced to letters and digits (e-mail addresses and printed registry
    numbers stay whole, as the parser indexed them), so no input can be a malformed tsquery:
    quotes, operators and other punctuation are simply ignored.
    """
    words = [_lexeme(word) for word in fold(raw).split()]
    words = [word for word in words if word][:MAX_QUERY_WORDS]
    if not words:
        return None
    return SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config="simple"
    )


# What a person reads out over the phone: the number as printed ("21/01.12.2026", "nr. 21"),
# as number/year ("21/2026"), or the e-mail address the request was filed with.
_NUMBER = re.compile(
    r"^(?:nr\.?\s*)?(\d{1,9})(?:\s*/\s*(?:(\d{1,2})\.(\d{1,2})\.)?(\d{4}))?$", re.IGNORECASE
)
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,63}$")


@dataclass(frozen=True)
class Named:
    """The request a query names exactly, if it names one."""

    number: int | None = None
    years: tuple[int, ...] = ()  # a number without its year: this year's, then last year's
    email: str = ""


def named_by(raw: str, *, today: date) -> Named | None:
    query = " ".join(raw.split())
    found = _NUMBER.match(query)
    if found:
        year = int(found.group(4)) if found.group(4) else None
        return Named(
            number=int(found.group(1)), years=(year,) if year else (today.year, today.year - 1)
        )
    if _EMAIL.match(query):
        return Named(email=query.lower())
    return None


# A search matching at most this many entries is answered from the GIN index first; a broader
# one filters while the caller's ordered index is walked (it finds its page's rows quickly).
SPARSE_MATCHES = 2000


def narrowed(
    queryset: QuerySet[Any],
    raw: str,
    *,
    entry_field: str = "pk",
    vector_field: str = "search_vector",
) -> QuerySet[Any]:
    """Filter by a search, choosing the plan PostgreSQL cannot: a prefix query's selectivity
    is guessed, and on 1M entries a rare name guessed common made it walk the inbox's ordered
    index through every case (2 s) instead of reading the 8 matches off the GIN index. One
    bounded look at the GIN index tells which kind of search this is."""
    query = search_query(raw)
    if query is None:
        return queryset
    ids = list(
        RegistryEntry.objects.filter(search_vector=query).values_list("pk", flat=True)[
            : SPARSE_MATCHES + 1
        ]
    )
    if len(ids) <= SPARSE_MATCHES:
        return queryset.filter(**{f"{entry_field}__in": ids})
    return queryset.filter(**{vector_field: query})


def matching(queryset: QuerySet[Any], raw: str, *, field: str = "search_vector") -> QuerySet[Any]:
    """Filter registry entries (or cases, with ``field="entry__search_vector"``) by a search,
    on the stored tsvector the GIN index is built on."""
    query = search_query(raw)
    if query is None:
        return queryset
    return queryset.filter(**{field: query})
