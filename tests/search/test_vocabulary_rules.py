"""The network's vocabulary within Meilisearch's rules for synonyms (search/backends/synonyms.py):
every entry of search/vocabulary.json is applied, at query time or when indexing, and every form
of a group finds what the other forms find, on both engines."""

from collections import Counter

import pytest

from search.backends.base import IndexSettings
from search.backends.synonyms import (
    content_words,
    folded_stop_words,
    split,
    usable_as_key,
    usable_as_value,
)
from search.stop_words import FRENCH_STOP_WORDS
from search.vocabulary import ACRONYM, Vocabulary, vocabulary_settings

VOCABULARY = Vocabulary.from_file()
SETTINGS = vocabulary_settings(
    IndexSettings(searchable=["text"], stop_words=FRENCH_STOP_WORDS), VOCABULARY
)
STOPS = folded_stop_words(SETTINGS.stop_words)
FORMS = [form for group in VOCABULARY.groups for form in group]
ALL_FORMS = FORMS + list(VOCABULARY.one_way) + [
    form for narrower in VOCABULARY.one_way.values() for form in narrower
]


@pytest.mark.parametrize("form", ALL_FORMS)
def test_every_form_has_words_meilisearch_indexes(form):
    """A form of stop words only, or that folds to nothing, would be dropped by Meilisearch."""
    assert content_words(form, STOPS), f"{form!r} is only stop words"
    if ACRONYM.match(form):
        assert usable_as_key(form, STOPS) and usable_as_value(form, STOPS)


def test_no_form_belongs_to_two_groups():
    counts = Counter(form.casefold() for form in FORMS)
    assert [form for form, n in counts.items() if n > 1] == []


def test_every_synonym_is_applied_at_query_time_or_when_indexing():
    """Meilisearch looks a key up for 1-3 consecutive query words and matches a value as a phrase
    without a stop word inside: each pair is sent to it, or else written into ``_synonyms``."""
    synonyms = SETTINGS.synonyms
    query_time, index_time = split(synonyms, SETTINGS.stop_words)
    missing = []
    for key, values in synonyms.items():
        written = " ".join(content_words(key, STOPS))
        for value in values:
            sent = value in query_time.get(key, [])
            indexed = any(
                written in keys
                for phrase, keys in index_time.items()
                if phrase == tuple(_fold_all(value))
            )
            if not (sent or indexed):
                missing.append((key, value))
    assert missing == []
    for key, values in query_time.items():
        assert usable_as_key(key, STOPS), key
        assert all(usable_as_value(value, STOPS) for value in values), key
        assert len(values) <= 50 and sum(len(content_words(v, STOPS)) for v in values) <= 100


def _fold_all(text: str) -> list[str]:
    from search.backends.synonyms import folded_words

    return list(folded_words(text))


@pytest.fixture
def vocabulary_index(engine):
    """One document per form of each group, its text the form in a sentence."""
    documents = []
    for g, group in enumerate(VOCABULARY.groups):
        for f, form in enumerate(group):
            documents.append({"id": f"{g}-{f}", "text": f"Nous travaillons sur {form} ici."})
    engine.configure("vocabulary", SETTINGS)
    engine.index("vocabulary", documents)
    return engine


def test_every_form_of_a_group_finds_every_other(vocabulary_index):
    failures = []
    for g, group in enumerate(VOCABULARY.groups):
        expected = {f"{g}-{f}" for f in range(len(group))}
        for form in group:
            found = {
                hit.id for hit in vocabulary_index.search("vocabulary", form, limit=1000).hits
            }
            if not expected <= found:
                failures.append(f"{form!r} misses {sorted(expected - found)}")
    assert failures == []
