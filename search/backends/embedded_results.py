"""Pages of results of the embedded engine: by relevance with a stable tie-breaker, or sorted
on fast fields (see ``embedded.EmbeddedBackend.search``)."""

import itertools
from typing import Any

import tantivy
from tantivy import Occur, Query

from search.backends.base import Hit, IndexSettings
from search.backends.embedded_highlight import Highlighter
from search.backends.embedded_queries import all_of
from search.backends.embedded_schema import loads, values_at
from search.backends.embedded_text import sort_text
from search.backends.synonyms import SYNONYM_FIELD

MAX_TIE_RUN = 500  # equal scores at the end of a page are ordered among at most this many
MAX_FACET_VALUES = 1000


def stored_document(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> dict[str, Any]:
    return loads(searcher.doc(address).get_first("_doc"))


def page(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    query: Query,
    order: list[tuple[int, str, bool]],
    limit: int,
    offset: int,
    numeric: set[int] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of stored documents and the total, by relevance or sorted by tantivy on the
    sort fast fields (see ``_sorted`` for several keys). ``numeric``: the sortable attributes
    known to hold numbers in this index, kept by the caller between searches (``_sort_field``)."""
    if not order:
        result = searcher.search(query, offset + limit + 1, count=True)
        total = result.count or 0
        addresses = ranked(searcher, query, result.hits, offset + limit)[offset:]
    else:
        total = searcher.search(query, 1, count=True).count or 0
        known = set() if numeric is None else numeric
        addresses = _sorted(searcher, schema, query, order, offset + limit, known)[offset:]
    return [stored_document(searcher, address) for address in addresses[:limit]], total


def _sorted(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    query: Query,
    order: list[tuple[int, str, bool]],
    n: int,
    numeric: set[int],
) -> list[tantivy.DocAddress]:
    """The first ``n`` matches in sort order. With more keys, each run of equal values of the
    first key among them is ordered by searching it again on the next key, so the cost
    follows the page size, not the number of matches."""
    if n <= 0:
        return []
    (m, _attribute, descending), rest = order[0], order[1:]
    field = _sort_field(searcher, m, numeric)
    direction = tantivy.Order.Desc if descending else tantivy.Order.Asc
    hits = searcher.search(query, n, order_by_field=field, order=direction).hits
    if not rest:
        return [address for _value, address in hits]
    found: list[tantivy.DocAddress] = []
    for value, _run in itertools.groupby(hits, key=lambda hit: hit[0]):
        if value is None:
            equal = Query.boolean_query(
                [(Occur.Must, query), (Occur.MustNot, Query.exists_query(field))]
            )
        elif field[0] == "n":
            same = Query.range_query(schema, field, tantivy.FieldType.Float, value, value)
            equal = all_of([query, same])
        else:  # the indexed token is the same normalised text as the fast field value
            equal = all_of([query, Query.term_query(schema, field, value)])
        found += _sorted(searcher, schema, equal, rest, n - len(found), numeric)
    return found[:n]


def ranked(
    searcher: tantivy.Searcher,
    query: Query,
    hits: list[tuple[float, tantivy.DocAddress]],
    n: int,
) -> list[tantivy.DocAddress]:
    """The first ``n`` hits by score, equal scores in ``_tie`` order. ``hits`` holds one more
    than ``n``; when the last shares the score of the n-th, MAX_TIE_RUN more are fetched at
    once, so that the run of equal scores is ordered (the first MAX_TIE_RUN of it)."""
    if n <= 0 or not hits:
        return []
    if len(hits) == n + 1 and hits[n - 1][0] == hits[-1][0]:
        hits = searcher.search(query, n + MAX_TIE_RUN, count=False).hits
    keys = searcher.fast_field_values("_tie", [address for _score, address in hits])
    ranked = sorted(
        zip(hits, keys, strict=True),
        key=lambda item: (-item[0][0], item[1] if item[1] is not None else float("inf")),
    )
    return [address for (_score, address), _key in ranked[:n]]


def _sort_field(searcher: tantivy.Searcher, m: int, numeric: set[int]) -> str:
    """Numbers when the attribute has any, else its folded text (-1: the tie-breaker).

    Finding out counts the documents with a number there, over the whole index (20–30 ms at a
    million documents): an attribute found to hold numbers is remembered in ``numeric``, since
    an attribute does not go from numbers to text (a date, a count)."""
    if m == -1:
        return "_tie"
    if m not in numeric and searcher.search(Query.exists_query(f"n{m}"), 1, count=True).count:
        numeric.add(m)
    return f"n{m}" if m in numeric else f"t{m}"


def relevance_then_sorted(
    searcher: tantivy.Searcher,
    query: Query,
    order: list[tuple[int, str, bool]],
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    """A page by relevance, the requested sort ordering only equal scores, then the
    tie-breaker (an index with ``sort_first=False``, as Meilisearch with ``sort`` after the
    relevance rules). Among the first ``offset + limit + MAX_TIE_RUN`` matches."""
    result = searcher.search(query, offset + limit + MAX_TIE_RUN, count=True)
    keys = searcher.fast_field_values("_tie", [address for _score, address in result.hits])
    rows = [
        (score, tie if tie is not None else float("inf"), stored_document(searcher, address))
        for (score, address), tie in zip(result.hits, keys, strict=True)
    ]
    rows.sort(key=lambda row: row[1])
    for _m, attribute, descending in reversed(order):  # stable sorts, the first key last
        present = [row for row in rows if _sort_value(row[2], attribute) is not None]
        missing = [row for row in rows if _sort_value(row[2], attribute) is None]
        present.sort(key=lambda row: _sort_value(row[2], attribute), reverse=descending)
        rows = present + missing  # without a value: last either way
    rows.sort(key=lambda row: -row[0])
    return [row[2] for row in rows[offset : offset + limit]], result.count or 0


def _sort_value(document: dict[str, Any], attribute: str) -> tuple[int, Any] | None:
    """Numbers before text, as the sort fast fields keep them apart; text folded."""
    values = values_at(document, attribute)
    if not values:
        return None
    value = values[0]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, float(value))
    if isinstance(value, str):
        return (1, sort_text(value))
    return None


def facet_counts(
    searcher: tantivy.Searcher, query: Query, fields: dict[str, str]
) -> dict[str, dict[str, int]]:
    """Documents per value of each facet (name: its keyword field) among ``query``'s matches."""
    aggregation = {
        f"a{i}": {"terms": {"field": field, "size": MAX_FACET_VALUES}}
        for i, field in enumerate(fields.values())
    }
    answer = searcher.aggregate(query, aggregation)
    return {
        facet: {
            str(bucket["key"]): int(bucket["doc_count"])
            for bucket in (answer.get(f"a{i}") or {}).get("buckets", [])
        }
        for i, facet in enumerate(fields)
    }


def hit(document: dict[str, Any], settings: IndexSettings, highlight: Highlighter) -> Hit:
    """A stored document as a result: without the index's own fields, the highlighted
    attributes marked."""
    return Hit(
        id=str(document[settings.primary_key]),
        document={k: v for k, v in document.items() if k != SYNONYM_FIELD},
        highlighted={
            attribute: highlight(document[attribute])
            for attribute in settings.highlighted
            if attribute in document
        },
    )
