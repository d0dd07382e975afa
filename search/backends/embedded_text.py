"""Text analysis for the embedded engine: analyzers, cleaning, folding, stemming, and the
parsing of a query into words and synonym groups.

The same tantivy analyzers serve indexing, query parsing and highlighting, so a word is folded
the same way everywhere: simple tokenizer (splits on anything not alphanumeric), lowercase,
ASCII folding ("Réunion" -> "reunion"), and for the stemmed variant the French Snowball stemmer.
User text is only ever tokenized here; it is never handed to tantivy's query parser.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import tantivy

FOLD = "catalyse_fold"  # lowercase + ASCII folding: prefix, fuzzy and exact raw-token matching
STEM = "catalyse_stem"  # the same plus French stemming: "métiers" and "métier" meet
SORT = "catalyse_sort"  # the whole value as one lowercased, folded token (sort key)

MAX_QUERY_CHARS = 1000
MAX_WORDS = 10  # like Meilisearch, words after the tenth are ignored
MAX_TOKEN_BYTES = 100  # longer tokens are not indexed; query words are cut to this

_SURROGATE = re.compile("[\ud800-\udfff]")
# French elisions: "l'économie" searches "économie", not "l" AND "économie".
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


FOLDER = _analyzer()
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
    return FOLDER.analyze(clean(text))



@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    stems = _STEMMER.analyze(token)
    return stems[0] if stems else token


@cache
def fold_char(char: str) -> str:
    return "".join(FOLDER.analyze(char))


def typo_budget(word: str) -> int:
    """Meilisearch's defaults: one typo from 5 characters, two from 9."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def utf8(text: str) -> str:
    """``text`` with lone surrogates (which tantivy cannot take) replaced one for one."""
    return _SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True)
class Word:
    text: str  # folded
    prefix: bool  # also matches longer words starting with it
    last: bool  # the last word of the query: typos allowed in the prefix too
    exact: bool = False  # an acronym: the whole word only, no prefix, typo or stem

    @property
    def stem(self) -> str:
        return self.text if self.exact else stem(self.text)

    @property
    def typos(self) -> int:
        return 0 if self.exact else typo_budget(self.text)


@dataclass(frozen=True)
class Group:
    """Words that form a synonym key: match them as usual, or match any alternative phrase."""

    words: tuple[Word, ...]
    alternatives: tuple[tuple[str, ...], ...]  # folded token sequences


Unit = Word | Group
Synonyms = dict[tuple[str, ...], tuple[tuple[str, ...], ...]]


def build_synonyms(synonyms: dict[str, list[str]]) -> Synonyms:
    """Meilisearch's shape, folded: keys that fold alike merge their alternatives. Keys lose
    their elisions as queries do ("l'activité" -> "activité"); alternatives keep them, being
    matched as phrases against the indexed text."""
    merged: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key, alternatives in synonyms.items():
        folded_key = tuple(fold_tokens(_ELISION.sub(" ", key)))
        if not folded_key:
            continue
        bucket = merged.setdefault(folded_key, [])
        for alternative in alternatives:
            folded = tuple(fold_tokens(alternative))
            if folded and folded != folded_key and folded not in bucket:
                bucket.append(folded)
    return {key: tuple(alts) for key, alts in merged.items() if alts}


def parse_query(
    query: str,
    synonyms: Synonyms,
    stop_words: frozenset[str],
    exact_words: frozenset[str] = frozenset(),
) -> list[Unit]:
    """Words of the query (at most MAX_WORDS), synonym keys grouped, stop words dropped
    unless the query has nothing else; ``exact_words`` (folded) are never prefixes."""
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
        if token in exact_words:
            return Word(token, prefix=False, last=last, exact=True)
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
