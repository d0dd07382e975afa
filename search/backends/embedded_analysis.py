"""Text analysis for the embedded engine: analyzers, query parsing, synonyms, highlighting,
and the tantivy schema, documents and queries built from them.

The same tantivy analyzers serve indexing, query parsing and highlighting, so a word is folded
the same way everywhere: simple tokenizer (splits on anything not alphanumeric), lowercase,
ASCII folding ("Réunion" -> "reunion"), and for the stemmed variant the French Snowball stemmer.
User text is only ever tokenized here; it is never handed to tantivy's query parser.
"""

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import tantivy
from tantivy import Occur, Query

from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START, Filters, IndexSettings

FOLD = "catalyse_fold"  # lowercase + ASCII folding: prefix, fuzzy and exact raw-token matching
STEM = "catalyse_stem"  # the same plus French stemming: "métiers" and "métier" meet
SORT = "catalyse_sort"  # the whole value as one lowercased, folded token (sort key)

MAX_QUERY_CHARS = 1000
MAX_WORDS = 10  # like Meilisearch, words after the tenth are ignored
MAX_TOKEN_BYTES = 100  # longer tokens are not indexed; query words are cut to this

# French elisions: "l'économie" searches "économie", not "l" AND "économie".
_SURROGATE = re.compile("[\ud800-\udfff]")
_ELISION = re.compile(r"\b(?:qu|[cdjlmnst])['’]", re.IGNORECASE)


def _analyzer(*, stem: bool = False, drop_long: bool = True) -> tantivy.TextAnalyzer:
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    builder = builder.filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
    if drop_long:
        builder = builder.filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer("french"))
    return builder.build()


def _sort_analyzer() -> tantivy.TextAnalyzer:
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
    return builder.filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build()


def register_analyzers(index: tantivy.Index) -> None:
    """Tokenizers are not stored in the index: register them each time one is opened."""
    index.register_tokenizer(FOLD, _analyzer())
    index.register_tokenizer(STEM, _analyzer(stem=True))
    index.register_tokenizer(SORT, _sort_analyzer())
    index.register_fast_field_tokenizer(SORT, _sort_analyzer())


_FOLDER = _analyzer()
_QUERY_FOLDER = _analyzer(drop_long=False)  # a long query word must match nothing, not vanish
_STEMMER = _analyzer(stem=True)
_SORTER = _sort_analyzer()


@lru_cache(maxsize=65536)
def sort_text(value: str) -> str:
    """The sort key of a string, as the ``SORT`` fast field stores it."""
    return "".join(_SORTER.analyze(value))


def clean(text: str) -> str:
    """NFC; control characters become spaces; zero-width, private-use (our highlight marks)
    and other invisible characters disappear."""
    text = unicodedata.normalize("NFC", text)
    return "".join(
        " " if cat == "Cc" else char
        for char in text
        if (cat := unicodedata.category(char))[0] != "C" or cat == "Cc"
    )


def fold_tokens(text: str) -> list[str]:
    return _FOLDER.analyze(clean(text))


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    stems = _STEMMER.analyze(token)
    return stems[0] if stems else token


@cache
def _fold_char(char: str) -> str:
    return "".join(_FOLDER.analyze(char))


def typo_budget(word: str) -> int:
    """Meilisearch's defaults: one typo from 5 characters, two from 9."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


@dataclass(frozen=True)
class Word:
    text: str  # folded
    prefix: bool  # also matches longer words starting with it
    last: bool  # the last word of the query: typos allowed in the prefix too

    @property
    def stem(self) -> str:
        return stem(self.text)

    @property
    def typos(self) -> int:
        return typo_budget(self.text)


@dataclass(frozen=True)
class Group:
    """Words that form a synonym key: match them as usual, or match any alternative phrase."""

    words: tuple[Word, ...]
    alternatives: tuple[tuple[str, ...], ...]  # folded token sequences


Unit = Word | Group
Synonyms = dict[tuple[str, ...], tuple[tuple[str, ...], ...]]


def build_synonyms(synonyms: dict[str, list[str]]) -> Synonyms:
    """Meilisearch's shape, folded: keys that fold alike merge their alternatives."""
    merged: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key, alternatives in synonyms.items():
        folded_key = tuple(fold_tokens(key))
        if not folded_key:
            continue
        bucket = merged.setdefault(folded_key, [])
        for alternative in alternatives:
            folded = tuple(fold_tokens(alternative))
            if folded and folded != folded_key and folded not in bucket:
                bucket.append(folded)
    return {key: tuple(alts) for key, alts in merged.items() if alts}


def parse_query(query: str, synonyms: Synonyms, stop_words: frozenset[str]) -> list[Unit]:
    """Words of the query (at most MAX_WORDS), synonym keys grouped, stop words dropped
    unless the query has nothing else."""
    text = _ELISION.sub(" ", clean(query[:MAX_QUERY_CHARS]))
    tokens = [
        token.encode()[:MAX_TOKEN_BYTES].decode(errors="ignore")
        for token in _QUERY_FOLDER.analyze(text)[: MAX_WORDS * 3]
    ]
    if not all(token in stop_words for token in tokens):
        kept = [(i, t) for i, t in enumerate(tokens) if t not in stop_words]
    else:
        kept = list(enumerate(tokens))
    kept = kept[:MAX_WORDS]
    if not kept:
        return []
    last_index = kept[-1][0]

    def word(i: int, token: str) -> Word:
        last = i == last_index
        return Word(token, prefix=last or len(token) >= 3, last=last)

    units: list[Unit] = []
    longest = max((len(key) for key in synonyms), default=0)
    i = 0
    while i < len(tokens) and i <= last_index:
        for size in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(tokens[i : i + size])
            if key in synonyms and i + size - 1 <= last_index:
                words = tuple(word(j, t) for j, t in kept if i <= j < i + size)
                if words:  # a key made only of stop words is ignored, like those words
                    units.append(Group(words, synonyms[key]))
                i += size
                break
        else:
            if (i, tokens[i]) in kept:
                units.append(word(i, tokens[i]))
            i += 1
    return units


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions counted once (tantivy's), capped."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:  # every path already costs more than allowed
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=65_536)  # the same words meet the same tokens on every page of results
def word_matches(word: Word, folded: str) -> int | None:
    """How many folded characters of a token ``word`` matches: all (exact, stem, typo) or its
    prefix length (prefix match), None when it does not match."""
    if folded == word.text or stem(folded) == word.stem:
        return len(folded)
    typos = word.typos
    if typos and _distance(folded, word.text, typos) <= typos:
        return len(folded)
    if word.prefix and folded.startswith(word.text):
        return len(word.text)
    if word.last and typos and _distance(folded[: len(word.text)], word.text, typos) <= typos:
        return len(folded)
    return None


def _flatten_units(units: list[Unit]) -> tuple[list[Word], list[tuple[str, ...]]]:
    words: list[Word] = []
    phrases: list[tuple[str, ...]] = []
    for unit in units:
        if isinstance(unit, Word):
            words.append(unit)
        else:
            words.extend(unit.words)
            phrases.extend(tuple(stem(t) for t in alt) for alt in unit.alternatives)
    return words, phrases


def highlight(value: Any, units: list[Unit]) -> Any:
    """``value`` with matched words wrapped in the highlight marks; lists stay lists."""
    words, phrases = _flatten_units(units)
    return _highlight(value, words, phrases)


def _highlight(value: Any, words: list[Word], phrases: list[tuple[str, ...]]) -> Any:
    if isinstance(value, list):
        return [_highlight(item, words, phrases) for item in value]
    if not isinstance(value, str) or not (words or phrases):
        return value
    tokens = _FOLDER.pre_tokenize(utf8(value)).tokens
    spans: list[tuple[int, int]] = []
    stems = [stem(token.text) for token in tokens]
    for token in tokens:
        for word in words:
            matched = word_matches(word, token.text)
            if matched is None:
                continue
            end = token.char_offset_to
            if matched < len(token.text):  # a prefix: mark the original characters it covers
                covered = 0
                for position in range(token.char_offset_from, token.char_offset_to):
                    covered += len(_fold_char(value[position]))
                    if covered >= matched:
                        end = position + 1
                        break
            spans.append((token.char_offset_from, end))
    for phrase in phrases:
        for start in range(len(stems) - len(phrase) + 1):
            if tuple(stems[start : start + len(phrase)]) == phrase:
                spans.extend(
                    (t.char_offset_from, t.char_offset_to)
                    for t in tokens[start : start + len(phrase)]
                )
    if not spans:
        return value
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, cursor = [], 0
    for start, end in merged:
        parts += [value[cursor:start], HIGHLIGHT_START, value[start:end], HIGHLIGHT_END]
        cursor = end
    parts.append(value[cursor:])
    return "".join(parts)


def values_at(document: dict[str, Any], path: str) -> list[Any]:
    """Leaf values at a dotted path, lists flattened, None dropped."""
    values: list[Any] = [document]
    for key in path.split("."):
        found: list[Any] = []
        for value in values:
            if isinstance(value, dict) and key in value:
                found.append(value[key])
        values = []
        for value in found:
            values.extend(_flatten(value))
    return values


def _flatten(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [leaf for item in value for leaf in _flatten(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _flatten(item)]
    return [value]


def keyword(value: Any) -> str:
    """A filterable value as stored and as compared: exact, booleans and numbers as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return utf8(str(value))


def utf8(text: str) -> str:
    """``text`` with lone surrogates (which tantivy cannot take) replaced one for one."""
    return _SURROGATE.sub("\ufffd", text)


def dumps(source: dict[str, Any]) -> bytes:
    return json.dumps(source, ensure_ascii=False).encode("utf-8", "surrogatepass")


def loads(stored: bytes) -> dict[str, Any]:
    return json.loads(stored.decode("utf-8", "surrogatepass"))


# Schema, documents and queries ----------------------------------------------------------------
# Fields are named by position in the settings lists (attribute names never become field names):
# s{i}/f{i} stemmed/folded text of searchable attribute i, k{j} raw values of filterable
# attribute j, t{m}/n{m} text/number sort key of sortable attribute m.


def layout(settings: IndexSettings) -> tuple:
    """What the schema depends on; the other settings apply at query time."""
    return (
        settings.primary_key,
        tuple(settings.searchable),
        tuple(settings.filterable),
        tuple(settings.sortable),
    )


def schema(settings: IndexSettings) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("_id", tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field("_doc", stored=True)
    for i in range(len(settings.searchable)):
        builder.add_text_field(f"s{i}", tokenizer_name=STEM)
        builder.add_text_field(f"f{i}", tokenizer_name=FOLD, index_option="basic")
    for j in range(len(settings.filterable)):
        builder.add_text_field(f"k{j}", tokenizer_name="raw", fast=True, index_option="basic")
    for m in range(len(settings.sortable)):
        builder.add_text_field(f"t{m}", tokenizer_name=SORT, fast=True, index_option="basic")
        builder.add_float_field(f"n{m}", fast=True)
    return builder.build()


def document(settings: IndexSettings, source: dict[str, Any]) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("_id", utf8(str(source[settings.primary_key])))
    doc.add_bytes("_doc", dumps(source))
    for i, attribute in enumerate(settings.searchable):
        for value in values_at(source, attribute):
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                text = clean(str(value))
                doc.add_text(f"s{i}", text)
                doc.add_text(f"f{i}", text)
    for j, attribute in enumerate(settings.filterable):
        for value in dict.fromkeys(map(keyword, values_at(source, attribute))):
            doc.add_text(f"k{j}", value)
    for m, attribute in enumerate(settings.sortable):
        values = values_at(source, attribute)
        if values and isinstance(values[0], int | float):
            doc.add_float(f"n{m}", float(values[0]))
        elif values and isinstance(values[0], str):
            doc.add_text(f"t{m}", utf8(values[0]))
    return doc


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
