"""Which synonyms Meilisearch can apply, so that both engines apply exactly those.

Read in Meilisearch's source (milli ``search/new/query_graph.rs`` and ``query_term/parse_query.rs``
``make_ngram``; ``update/settings.rs`` ``update_synonyms``; ``resolve_query_graph.rs``
``compute_phrase_docids``; ``update/new/extract/searchable/tokenize_document.rs``):

- a synonym KEY is looked up for one query word or a run of 2 or 3 query words at consecutive
  positions; keys are stored without their stop words. A key of more than three words (stop
  words aside) is never looked up.
- A stop word typed inside the query keeps its position, so the words around it are not
  consecutive and the run is never looked up: the Meilisearch backend drops the stop words
  between two other words of a query (``query_without_inner_stop_words``), as Meilisearch
  ignores them anyway, so that "économie sociale et solidaire" finds the key.
- a synonym VALUE is matched as a phrase of its words without their stop words, each word next
  to the following one. Indexed text keeps a position for each stop word, so a value with a stop
  word between two words ("appel à projets") never matches any document.

``applicable`` keeps what Meilisearch applies: both backends configure the result, so the
embedded engine (which could do more) behaves the same. ``search/vocabulary.json`` is written
within these rules (tests/search/test_vocabulary_rules.py walks it).
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search.backends.base import IndexSettings

MAX_KEY_WORDS = 3
# milli ``search/new/limits.rs``: synonym phrases, and their words, derived from one query word.
MAX_SYNONYM_PHRASES = 50
MAX_SYNONYM_WORDS = 100
_WORDS = re.compile(r"[^\W_]+")
# An elided article or pronoun before a word ("d'intérêt", "l'emploi"): a stop word of its own.
_ELIDED = re.compile(r"^(?:qu|[cdjlmnst])['’](?=[^\W_])", re.IGNORECASE)


def words(text: str) -> list[str]:
    """Words as Meilisearch splits them (apostrophes and hyphens separate), lowercased."""
    return [word.casefold() for word in _WORDS.findall(text)]


def content_words(text: str, stop_words: frozenset[str]) -> list[str]:
    return [word for word in words(text) if word not in stop_words]


def has_inner_stop_word(text: str, stop_words: frozenset[str]) -> bool:
    """A stop word between two other words: such a phrase never matches indexed text."""
    found = words(text)
    kept = [i for i, word in enumerate(found) if word not in stop_words]
    return bool(kept) and any(w in stop_words for w in found[kept[0] : kept[-1] + 1])


def usable_as_key(form: str, stop_words: frozenset[str]) -> bool:
    return 1 <= len(content_words(form, stop_words)) <= MAX_KEY_WORDS


def usable_as_value(form: str, stop_words: frozenset[str]) -> bool:
    return bool(content_words(form, stop_words)) and not has_inner_stop_word(form, stop_words)


def folded_stop_words(stop_words: Iterable[str]) -> frozenset[str]:
    return frozenset(word for stop in stop_words for word in words(stop))


def split(
    synonyms: dict[str, list[str]], stop_words: Iterable[str]
) -> tuple[dict[str, list[str]], dict[tuple[str, ...], list[str]]]:
    """``synonyms`` (Meilisearch's shape) in two: what Meilisearch applies at query time, and
    what it never would, to apply when indexing (see ``phrase_keys``): a value with a stop word
    inside, a key of more than three words, or a value past Meilisearch's limits for one word
    (the first 50 phrases, 100 words in all)."""
    stops = folded_stop_words(stop_words)
    query_time: dict[str, list[str]] = {}
    index_time: dict[tuple[str, ...], list[str]] = {}
    for key, values in synonyms.items():
        written = " ".join(content_words(key, stops))
        if not written:
            continue
        key_ok = usable_as_key(key, stops)
        kept: list[str] = []
        word_count = 0
        for value in values:
            size = len(content_words(value, stops))
            if not size:
                continue
            if (
                key_ok
                and usable_as_value(value, stops)
                and len(kept) < MAX_SYNONYM_PHRASES
                and word_count + size <= MAX_SYNONYM_WORDS
            ):
                kept.append(value)
                word_count += size
                continue
            keys = index_time.setdefault(folded_words(value), [])
            if written not in keys:
                keys.append(written)
        if kept:
            query_time[key] = kept
    return query_time, index_time


def applicable(synonyms: dict[str, list[str]], stop_words: Iterable[str]) -> dict[str, list[str]]:
    """``synonyms`` without what Meilisearch never applies at query time."""
    return split(synonyms, stop_words)[0]


def query_without_inner_stop_words(query: str, stop_words: frozenset[str]) -> str:
    """The query without the stop words that stand between two other words, elided ones too
    ("d'intérêt" -> "intérêt"), so that a run of words around a stop word is looked up as a
    synonym key. A query with fewer than two other words is left as typed, and so are stop
    words at either end (the last word is still a prefix), and a query with a quoted phrase
    (Meilisearch keeps the stop words' places inside it)."""
    if '"' in query:
        return query
    tokens = [_ELIDED.sub("", token) or token for token in re.split(r"(\s+)", query)]
    found = [(i, words(token)) for i, token in enumerate(tokens) if token.strip()]
    content = [i for i, split in found if any(w not in stop_words for w in split)]
    if len(content) < 2:
        return query
    first, last = content[0], content[-1]
    kept = [
        token
        for i, token in enumerate(tokens)
        if not (first < i < last and token.strip() and all(w in stop_words for w in words(token)))
    ]
    return re.sub(r"\s+", " ", "".join(kept)).strip()


# What Meilisearch would not apply, done when indexing ------------------------------------------
#
# "AAP" must find a profile that says "appel à projets", a phrase Meilisearch never matches as a
# synonym value; "pôle territorial de coopération économique" (four words) is never looked up
# as a key. So both engines do it when indexing: a document whose text contains such a value
# gets the keys that lead to it in a last, hidden searchable attribute (``_synonyms``), where
# the key's words then match as words. Attributes starting with "_" never reach the pages.

SYNONYM_FIELD = "_synonyms"


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def folded_words(text: str) -> tuple[str, ...]:
    return tuple(_fold(word) for word in words(text))


def phrase_keys(
    synonyms: dict[str, list[str]], stop_words: Iterable[str]
) -> dict[tuple[str, ...], list[str]]:
    """The values Meilisearch would not find (folded words) -> the keys that lead to them, as
    they are written in ``_synonyms`` (their words without stop words)."""
    return split(synonyms, stop_words)[1]


def with_synonym_field(settings: "IndexSettings") -> "IndexSettings":
    """``settings`` with ``_synonyms`` as the last searchable attribute, when needed."""
    if SYNONYM_FIELD in settings.searchable or not phrase_keys(
        settings.synonyms, settings.stop_words
    ):
        return settings
    return replace(settings, searchable=[*settings.searchable, SYNONYM_FIELD])


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)


def expand(
    document: dict[str, Any], searchable: list[str], table: dict[tuple[str, ...], list[str]]
) -> dict[str, Any]:
    """``document`` with ``_synonyms``: the keys of the phrases its searchable text contains."""
    document = {k: v for k, v in document.items() if k != SYNONYM_FIELD}
    if not table:
        return document
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for phrase in table:
        firsts.setdefault(phrase[0], []).append(phrase)
    found: list[str] = []
    for attribute in searchable:
        value: Any = document
        for part in attribute.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        for text in _texts(value):
            sequence = folded_words(text)
            for i, word in enumerate(sequence):
                for phrase in firsts.get(word, ()):
                    if sequence[i : i + len(phrase)] == phrase:
                        found += [key for key in table[phrase] if key not in found]
    if found:
        # A full stop between keys: Meilisearch never counts them as close together.
        document[SYNONYM_FIELD] = " . ".join(found)
    return document
