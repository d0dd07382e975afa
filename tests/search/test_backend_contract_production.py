"""What production needs of every backend (issue 12, the Meilisearch backend): where a requested
sort ranks, facet counts, accented sortable text, rebuilds switched in once complete, and the
synonyms Meilisearch applies. Embedded always, Meilisearch when ``MEILISEARCH_URL`` answers."""

import threading

import pytest

from search.backends.base import IndexSettings
from search.documents import sort_text
from tests.search.contract import symmetric

INDEX = "production"
STOP_WORDS = ["à", "de", "des", "et", "la", "le", "les", "l", "d", "pour", "en", "du", "un"]
SETTINGS = IndexSettings(
    searchable=["title", "text"],
    filterable=["tags"],
    sortable=["created", "name_sort"],
    stop_words=STOP_WORDS,
    synonyms=symmetric(
        ["aap", "appel à projets"],
        ["ptce", "pôle territorial de coopération économique"],
        ["odd", "objectifs de développement durable"],
    ),
    exact_words=["aap", "ptce", "odd"],
    tie_breaker="name_sort",
)
DOCS = [
    {"id": "old", "title": "Compostage partagé", "text": "Un guide.", "created": 1,
     "name_sort": "a", "tags": ["x"]},
    {"id": "new", "title": "Guide", "text": "Le compostage au jardin.", "created": 3,
     "name_sort": "b", "tags": ["x", "y"]},
    {"id": "aap-long", "title": "Financement", "text": "Notre appel à projets 2025.",
     "created": 2, "name_sort": "c", "tags": ["y"]},
    {"id": "aap-short", "title": "Financement", "text": "Un AAP régional.", "created": 2,
     "name_sort": "d", "tags": ["y"]},
    {"id": "ptce-long", "title": "Coopération",
     "text": "Le pôle territorial de coopération économique du pays.", "created": 2,
     "name_sort": "e", "tags": ["z"]},
    {"id": "ptce-short", "title": "Coopération", "text": "Membre d'un PTCE.", "created": 2,
     "name_sort": "f", "tags": ["y"]},
    {"id": "odd-long", "title": "Agenda",
     "text": "Les objectifs de développement durable en pratique.", "created": 2,
     "name_sort": "g", "tags": ["y"]},
    {"id": "odd-short", "title": "Agenda", "text": "Les ODD au quotidien.", "created": 2,
     "name_sort": "h", "tags": ["y"]},
]


def ids(results) -> list[str]:
    return [hit.id for hit in results.hits]


@pytest.fixture
def build(engine):
    def make(**changes) -> object:
        settings = IndexSettings(**{**SETTINGS.__dict__, **changes})
        engine.configure(INDEX, settings)
        engine.index(INDEX, DOCS)
        return engine

    return make


def test_newest_first_with_a_query_is_newest_first(build):
    """"old" matches in its title, "new" only in its text: by relevance "old" leads, but the
    pages' "newest first" must put "new" first (sort right after the words rule)."""
    engine = build()
    assert ids(engine.search(INDEX, "compostage"))[0] == "old"
    assert ids(engine.search(INDEX, "compostage", sort=["created:desc"])) == ["new", "old"]


def test_sort_after_relevance_only_orders_equals(build):
    engine = build(sort_first=False)
    assert ids(engine.search(INDEX, "compostage", sort=["created:desc"])) == ["old", "new"]
    # Equally relevant: the sort decides, here against the tie-breaker.
    assert ids(engine.search(INDEX, "financement", sort=["name_sort:desc"])) == [
        "aap-short", "aap-long"]


def test_facet_counts_and_the_most_frequent_first(build):
    engine = build()
    counts = engine.search(INDEX, "", facets=["tags"]).facets["tags"]
    assert counts == {"y": 6, "x": 2, "z": 1}
    assert list(counts) == ["y", "x", "z"]  # Meilisearch: sortFacetValuesBy count


@pytest.mark.parametrize(
    ("names", "expected"),
    [(["Zoé", "Émilie", "éric", "Anaïs", "Ève"], ["Anaïs", "Émilie", "éric", "Ève", "Zoé"])],
)
def test_accented_sortable_text_sorts_among_its_letter(engine, names, expected):
    """Meilisearch sorts text by its bytes: sent folded (``sort_text``), "É" sorts as "e"."""
    engine.configure(INDEX, IndexSettings(searchable=["name"], sortable=["name_sort"]))
    engine.index(INDEX, [{"id": str(i), "name": n, "name_sort": sort_text(n)}
                         for i, n in enumerate(names)])
    hits = engine.search(INDEX, "", sort=["name_sort:asc"]).hits
    assert [hit.document["name"] for hit in hits] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("AAP", {"aap-long", "aap-short"}),
        ("appel à projets", {"aap-long", "aap-short"}),
        ("PTCE", {"ptce-long", "ptce-short"}),
        ("pôle territorial de coopération économique", {"ptce-long", "ptce-short"}),
        ("ODD", {"odd-long", "odd-short"}),
        ("objectifs de développement durable", {"odd-long", "odd-short"}),
    ],
)
def test_synonyms_with_stop_words_inside_work_both_ways(build, query, expected):
    """Meilisearch never matches a synonym phrase with a stop word inside, nor looks up a key
    of four words: the backends apply those when indexing (search/backends/synonyms.py)."""
    engine = build()
    results = engine.search(INDEX, query)
    assert set(ids(results)) == expected
    assert all("_synonyms" not in hit.document for hit in results.hits)


def test_a_rebuild_is_switched_in_once_complete(build):
    engine = build()
    seen_during = []

    def batches():
        yield [DOCS[0]]
        seen_during.append(engine.count(INDEX))  # still the old, full index
        seen_during.append(len(engine.search(INDEX, "financement").hits))
        yield [DOCS[1]]

    assert engine.rebuild(INDEX, SETTINGS, batches()) == 2
    assert seen_during == [len(DOCS), 2]
    assert engine.count(INDEX) == 2
    assert ids(engine.search(INDEX, "financement")) == []


def test_a_failed_rebuild_leaves_the_old_index_and_a_next_one_works(build):
    engine = build()

    def broken():
        yield [DOCS[0]]
        raise RuntimeError("database connection lost")

    with pytest.raises(RuntimeError, match="database connection lost"):
        engine.rebuild(INDEX, SETTINGS, broken())
    assert engine.count(INDEX) == len(DOCS)
    assert set(ids(engine.search(INDEX, "financement"))) == {"aap-long", "aap-short"}
    assert engine.rebuild(INDEX, SETTINGS, iter([DOCS[:3]])) == 3
    assert engine.count(INDEX) == 3


def test_a_write_during_a_rebuild_is_not_lost(build):
    """Meilisearch writes to both indexes; the embedded engine holds the write until the
    switch. Either way the change is in the index once the rebuild is done."""
    engine = build()
    late = {"id": "late", "title": "Ressourcerie", "text": "Réemploi.", "created": 9,
            "name_sort": "z", "tags": ["z"]}
    writer = threading.Thread(target=engine.index, args=(INDEX, [late]))

    def batches():
        yield DOCS[:2]
        writer.start()
        yield DOCS[2:4]

    engine.rebuild(INDEX, SETTINGS, batches())
    writer.join(timeout=60)
    assert not writer.is_alive()
    assert ids(engine.search(INDEX, "ressourcerie")) == ["late"]
    assert engine.count(INDEX) == 5


def test_a_rebuild_applies_new_settings(build):
    engine = build()
    changed = IndexSettings(**{**SETTINGS.__dict__, "filterable": ["tags", "created"]})
    engine.rebuild(INDEX, changed, iter([DOCS]))
    assert ids(engine.search(INDEX, "", filters={"created": [3]})) == ["new"]
