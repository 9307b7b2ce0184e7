"""Search text of the registry: every entry keeps one folded text (no diacritics; cedilla and
comma forms alike) of its columns, its case and its documents' text, indexed for PostgreSQL
full-text search with the "simple" configuration: registry searches are for names, numbers and
word beginnings, which stemming would blur, and PostgreSQL's Romanian stemmer expects the
diacritics that folding removes."""

from __future__ import annotations

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


def search_query(raw: str) -> SearchQuery | None:
    """A query every word of which must match (as a prefix); None for a query with no word.

    Words are folded and reduced to letters and digits, so no input can be a malformed
    tsquery: quotes, operators and other punctuation are simply ignored.
    """
    words = ["".join(ch for ch in word if ch.isalnum()) for word in fold(raw).split()]
    words = [word for word in words if word][:MAX_QUERY_WORDS]
    if not words:
        return None
    return SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config="simple"
    )


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
