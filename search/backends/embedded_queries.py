"""Tantivy queries for the embedded engine: filters, sort keys, and the text query built from
the parsed words, scored like Meilisearch's ranking rules."""

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


def text_query(schema: tantivy.Schema, attributes: int, units: list[Unit]) -> Query:
    """Every unit must match; no unit (empty query): every document."""
    if not units:
        return Query.all_query()
    return all_of([_unit_query(schema, attributes, unit) for unit in units])


def _unit_query(schema: tantivy.Schema, attributes: int, unit: Unit) -> Query:
    if isinstance(unit, Word):
        return _word_query(schema, attributes, unit)
    original = all_of([_word_query(schema, attributes, word) for word in unit.words])
    phrases = [_phrase_query(schema, attributes, alt) for alt in unit.alternatives]
    return any_of([original, *phrases])


# Scores mimic Meilisearch's ranking rules, in order: a match without typo beats any match with
# one, then earlier attributes win, then exact words beat stems and prefixes. Per word, the best
# (attribute, kind) counts; a document's score sums its words.
EXACT, STEMMED, PREFIXED, TYPO = 3, 2, 1, 0


def _best(attributes: int, build: Callable[[int], list[tuple[Query, int]]]) -> Query:
    no_typo = 4 * (attributes + 1)
    per_attribute = []
    for i in range(attributes):
        weight = 4 * (attributes - i)
        per_attribute += [
            Query.const_score_query(query, float(weight + kind + (no_typo if kind else 0)))
            for query, kind in build(i)
        ]
    return Query.disjunction_max_query(per_attribute)


def _word_query(schema: tantivy.Schema, attributes: int, word: Word) -> Query:
    def build(i: int) -> list[tuple[Query, int]]:
        queries = [
            (Query.term_query(schema, f"f{i}", word.text), EXACT),
            (Query.term_query(schema, f"s{i}", word.stem), STEMMED),
        ]
        if word.prefix:
            prefix = Query.fuzzy_term_query(schema, f"f{i}", word.text, 0, True, True)
            queries.append((prefix, PREFIXED))
        if word.typos:
            fuzzy = Query.fuzzy_term_query(schema, f"f{i}", word.text, word.typos, True, word.last)
            queries.append((fuzzy, TYPO))
        return queries

    return _best(attributes, build)


def _phrase_query(schema: tantivy.Schema, attributes: int, tokens: tuple[str, ...]) -> Query:
    stems = [stem(token) for token in tokens]

    def build(i: int) -> list[tuple[Query, int]]:
        if len(stems) == 1:
            return [(Query.term_query(schema, f"s{i}", stems[0]), STEMMED)]
        return [(Query.phrase_query(schema, f"s{i}", stems), STEMMED)]

    return _best(attributes, build)
