"""Tantivy queries for the embedded engine: filters, sort keys, and the text query built from
the parsed words, scored like Meilisearch's ranking rules."""

import itertools
from collections.abc import Callable

import tantivy
from tantivy import Occur, Query

from search.backends.base import Filters, IndexSettings
from search.backends.embedded_schema import keyword
from search.backends.embedded_text import Unit, Word, stem


def position(attributes: list[str], attribute: str, kind: str) -> int:
    try:
        return attributes.index(attribute)
    except ValueError:
        raise ValueError(f"{attribute!r} is not {kind} (settings: {attributes})") from None


def parse_sort(item: str, sortable: list[str]) -> tuple[int, str, bool]:
    """``"name:desc"`` -> (position among sortable attributes, attribute, descending)."""
    attribute, _, direction = item.rpartition(":")
    if direction not in ("asc", "desc"):
        raise ValueError(f"Sort {item!r} must be 'field:asc' or 'field:desc'")
    return position(sortable, attribute, "sortable"), attribute, direction == "desc"


def all_of(queries: list[Query]) -> Query:
    return Query.boolean_query([(Occur.Must, q) for q in queries])


def any_of(queries: list[Query]) -> Query:
    return Query.boolean_query([(Occur.Should, q) for q in queries])


def filter_query(schema: tantivy.Schema, settings: IndexSettings, filters: Filters) -> Query | None:
    """AND across keys, OR within a key, exact values; a key with no values matches nothing."""
    clauses = []
    for key, values in filters.items():
        j = position(settings.filterable, key, "filterable")
        if isinstance(values, str | bytes) or not isinstance(values, list | tuple | set):
            raise TypeError(f"Filter values for {key!r} must be a list, not {values!r}")
        terms = [Query.term_query(schema, f"k{j}", keyword(v)) for v in values]
        clauses.append(any_of(terms) if terms else Query.empty_query())
    return all_of(clauses) if clauses else None


def text_query(
    schema: tantivy.Schema,
    attributes: int,
    units: list[Unit],
    *,
    strategy: str = "all",
    count: Callable[[Query], int] | None = None,
    only: list[int] | None = None,
    within: Query | None = None,
) -> Query:
    """The query of the parsed words; no unit (empty query): every document.

    Like Meilisearch's "words" ranking rule and ``matchingStrategy``: with "all", every unit
    must match; with "last" or "frequency", units are dropped one by one (from the end of the
    query, or the most common first, counted by ``count`` over the whole index) and a document
    must match at least the unit never dropped. A document ranks by the last-dropped unit it
    misses: each other unit, when matched, adds ``WORDS`` times a power of two that grows with
    how late it is dropped, so that missing a later one costs more than missing all earlier
    ones together (each unit query is evaluated once). Then, within a bucket, the per-word
    scores (typo, attribute, exactness) and proximity bonuses.
    ``only``: the positions of the attributes searched (None: all).
    ``within``: only the documents it matches (a filter, adding nothing to scores). It is a
    clause of the same query, not a query around it, so that a narrow filter (a member's rooms)
    leads the search and the words' scores and proximity are computed for its documents only:
    four times faster for two common words among a million messages."""
    required = [] if within is None else [(Occur.Must, Query.const_score_query(within, 0.0))]
    if not units:
        return Query.boolean_query([(Occur.Must, Query.all_query()), *required])
    fields = list(range(attributes)) if only is None else sorted(set(only))
    if not fields:
        return Query.empty_query()
    queries = [_unit_query(schema, attributes, unit, fields) for unit in units]
    nearness = [(Occur.Should, q) for q in _proximity_queries(schema, fields, units)]
    if strategy == "all" or len(units) == 1:
        return Query.boolean_query([(Occur.Must, q) for q in queries] + required + nearness)
    if strategy == "last":
        removal = list(range(len(units) - 1, 0, -1))
    elif strategy == "frequency" and count is not None:
        frequency = [count(q) for q in queries]
        # Most common first; Meilisearch keeps the rarest (even one found nowhere).
        order = sorted(range(len(units)), key=lambda i: (-frequency[i], -i))
        removal = order[:-1]
    else:
        raise ValueError(f"Unknown matching strategy {strategy!r}")
    kept = next(i for i in range(len(units)) if i not in removal)
    clauses = [(Occur.Must, queries[kept]), *required]
    for step, i in enumerate(removal):
        bonus = WORDS * 2**step
        clauses.append((Occur.Should, _unit_query(schema, attributes, units[i], fields, bonus)))
    return Query.boolean_query(clauses + nearness)


def _unit_query(
    schema: tantivy.Schema, attributes: int, unit: Unit, fields: list[int], bonus: float = 0.0
) -> Query:
    """One unit's query; ``bonus`` is added once to its score when it matches."""
    if isinstance(unit, Word):
        return _word_query(schema, attributes, unit, fields, bonus)
    original = all_of([
        _word_query(schema, attributes, word, fields, bonus if n == 0 else 0.0)
        for n, word in enumerate(unit.words)
    ])
    # A synonym scores like the words it replaces, matched exactly.
    size = max(len(unit.words), 1)
    phrases = [
        _phrase_query(schema, attributes, alt, fields, size, bonus) for alt in unit.alternatives
    ]
    return Query.disjunction_max_query([original, *phrases])


# Scores mimic Meilisearch's ranking rules, in order: more of the words (WORDS per set of words
# matched whole, see text_query), a match without typo beats any match with one, then closer
# words (PROXIMITY), earlier attributes, exact words before stems and prefixes. Per word, the
# best (attribute, kind) counts; a document's score sums its words and proximity bonuses.
EXACT, STEMMED, PREFIXED, TYPO = 3, 2, 1, 0
WORDS = 4096.0  # above any score within a bucket; times 2**9 at most: exact in a float32


def _best(
    attributes: int,
    build: Callable[[int], list[tuple[Query, int]]],
    fields: list[int],
    times: int = 1,
    bonus: float = 0.0,
) -> Query:
    no_typo = 4 * (attributes + 1)
    per_attribute = []
    for i in fields:
        weight = 4 * (attributes - i)
        per_attribute += [
            Query.const_score_query(
                query, bonus + float(times * (weight + kind + (no_typo if kind else 0)))
            )
            for query, kind in build(i)
        ]
    return Query.disjunction_max_query(per_attribute)


def _word_query(
    schema: tantivy.Schema, attributes: int, word: Word, fields: list[int], bonus: float = 0.0
) -> Query:
    def build(i: int) -> list[tuple[Query, int]]:
        queries = [(Query.term_query(schema, f"f{i}", word.text), EXACT)]
        if not word.exact:
            queries.append((Query.term_query(schema, f"s{i}", word.stem), STEMMED))
        if word.prefix:
            prefix = Query.fuzzy_term_query(schema, f"f{i}", word.text, 0, True, True)
            queries.append((prefix, PREFIXED))
        if word.typos:
            fuzzy = Query.fuzzy_term_query(schema, f"f{i}", word.text, word.typos, True, word.last)
            queries.append((fuzzy, TYPO))
        return queries

    return _best(attributes, build, fields, bonus=bonus)


def _phrase_query(
    schema: tantivy.Schema,
    attributes: int,
    tokens: tuple[str, ...],
    fields: list[int],
    times: int = 1,
    bonus: float = 0.0,
) -> Query:
    stems = [stem(token) for token in tokens]

    def build(i: int) -> list[tuple[Query, int]]:
        if len(stems) == 1:
            return [
                (Query.term_query(schema, f"f{i}", tokens[0]), EXACT),
                (Query.term_query(schema, f"s{i}", stems[0]), EXACT),
            ]
        return [(Query.phrase_query(schema, f"s{i}", stems), EXACT)]

    return _best(attributes, build, fields, times, bonus)


def _proximity_queries(schema: tantivy.Schema, fields: list[int], units: list[Unit]) -> list[Query]:
    """Consecutive words of the query found side by side (a stop word between them allowed)
    or close together in one attribute: a bonus above the attribute order, below typos."""
    words = [unit for unit in units if isinstance(unit, Word)]
    bonus = []
    for first, second in itertools.pairwise(words):
        pair = [first.stem, second.stem]
        for slop, points in ((1, 2 * PROXIMITY), (4, PROXIMITY)):
            bonus.append(
                Query.disjunction_max_query([
                    Query.const_score_query(
                        Query.phrase_query(schema, f"s{i}", pair, slop), float(points)
                    )
                    for i in fields
                ])
            )
    return bonus


PROXIMITY = 8
