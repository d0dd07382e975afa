"""The search contract every backend honours (DESIGN.md §6): hostile input, and engines that
are unavailable. Documents and helpers: tests/search/contract.py."""

import pytest

from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START, SearchResults, SearchUnavailable
from search.backends.embedded import EmbeddedBackend
from tests.search.contract import ALL_IDS, DOCS, INDEX, SETTINGS, N, everything, ids

# Hostile input ------------------------------------------------------------------------------

PUNCTUATION_ONLY = ['"', "'", "-", "*", "()", "(", ")", "\\", "~", "%", "_", "*:*", "   ", ""]
NASTY = [
    '"dialogue',
    '" OR region = x',
    "region = bretagne OR 1=1",
    "-médiation",
    "title:foo",
    "AND",
    "OR NOT",
    "NEAR/3 x",
    "🙂",
    "a" * 200,
    "x" * 10_000,
    "\x00\x01\x1f\x7f",
    "\u200b\u200c\u200d\ufeff",
    "médi\u200bation",
    "[a-z]+.*",
    "{}<>|&&||!^",
]


@pytest.mark.parametrize("query", PUNCTUATION_ONLY + NASTY)
def test_hostile_queries_never_raise(members, query):
    results = members.search(INDEX, query, facets=["region"], limit=5)
    assert isinstance(results, SearchResults)
    assert 0 <= results.total <= N
    assert len(results.hits) <= 5
    assert ids(results) <= ALL_IDS
    if query in PUNCTUATION_ONLY:  # no word at all: nothing or everything, nothing in between
        assert results.total in (0, N)


@pytest.mark.parametrize(
    "query",
    [
        "médiation " * 2_000,
        "\x00médiation\u200b",
        f"{HIGHLIGHT_START}médiation{HIGHLIGHT_END}",
        '"médiation"',
        "(médiation)",
        "médiation\n\t",
    ],
)
def test_hostile_queries_around_a_real_word_still_find_it(members, query):
    assert ids(everything(members, query)) == {"m1", "m6", "m10"}


def test_a_very_long_word_matches_nothing(members):
    assert members.search(INDEX, "x" * 10_000).total == 0


# Unavailable engines ------------------------------------------------------------------------


def test_embedded_unavailable_raises(tmp_path):
    not_a_directory = tmp_path / "search"
    not_a_directory.write_text("a file where the index directory should be")
    backend = EmbeddedBackend({"path": str(not_a_directory)})
    with pytest.raises(SearchUnavailable):
        backend.configure(INDEX, SETTINGS)
    with pytest.raises(SearchUnavailable):
        backend.index(INDEX, DOCS)
    with pytest.raises(SearchUnavailable):
        backend.search(INDEX, "médiation")
    with pytest.raises(SearchUnavailable):
        backend.count(INDEX)


def test_meilisearch_unavailable_raises():
    try:
        from search.backends.meilisearch import MeilisearchBackend
    except ImportError:
        pytest.skip("search.backends.meilisearch is not written yet")
    backend = MeilisearchBackend(
        options={"url": "http://127.0.0.1:9", "api_key": "x", "index_prefix": "test_down_"}
    )
    with pytest.raises(SearchUnavailable):
        backend.configure(INDEX, SETTINGS)
    with pytest.raises(SearchUnavailable):
        backend.index(INDEX, DOCS)
    with pytest.raises(SearchUnavailable):
        backend.search(INDEX, "médiation")
