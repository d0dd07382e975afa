"""The relevance rules every backend honours (issue 12): matching strategies, acronyms matched
whole, proximity, synonyms scored like their words, a stable tie-breaker. Embedded always,
Meilisearch when ``MEILISEARCH_URL`` answers (the ``engine`` fixture)."""

import pytest

from search.backends.base import IndexSettings

INDEX = "relevance"


def settings(**changes) -> IndexSettings:
    base = {
        "searchable": ["name", "text"],
        "sortable": ["name"],
        "synonyms": {
            "ess": ["économie sociale et solidaire"],
            "économie sociale et solidaire": ["ess"],
        },
        "stop_words": ["à", "de", "et", "la"],
        "exact_words": ["ess", "ami"],
        "tie_breaker": "name",
    }
    return IndexSettings(**{**base, **changes})


DOCS = [
    {"id": "scattered", "name": "Appel", "text": "Les projets du réseau, un appel aux dons."},
    {"id": "phrase", "name": "Zoé", "text": "Un appel à projets pour les tiers-lieux."},
    {"id": "essaimage", "name": "Essaimage", "text": "Essaimer des projets."},
    {"id": "ess", "name": "Réseau", "text": "Les acteurs de l'ESS en région."},
    {"id": "long", "name": "Yves", "text": "L'économie sociale et solidaire au quotidien."},
    {"id": "amiens", "name": "Amiens", "text": "Urbanisme à Amiens, entre amis."},
    {"id": "ami", "name": "Xavier", "text": "Répondre à un AMI régional."},
    {"id": "both", "name": "Bruno", "text": "Maraîchage et réemploi."},
    {"id": "first", "name": "Alice", "text": "Maraîchage biologique."},
    {"id": "second", "name": "Chloé", "text": "Réemploi solidaire."},
]


@pytest.fixture
def index(engine):
    def build(**changes):
        engine.configure(INDEX, settings(**changes))
        engine.index(INDEX, DOCS)
        return lambda query, **kw: [h.id for h in engine.search(INDEX, query, limit=20, **kw).hits]

    return build


def test_acronyms_match_whole_words_only(index):
    search = index()
    assert "essaimage" not in search("ESS") and "essaimage" not in search("ess")
    assert set(search("ESS")) == {"ess", "long"}
    assert search("AMI") == ["ami"]
    assert "essaimage" in search("essaim")  # other words still match as prefixes


def test_a_synonym_scores_like_the_words_it_replaces(index):
    search = index()
    # "long" says it in full where "ess" uses the acronym: both in the same attribute, so
    # neither is worth less than the other; the tie-breaker orders them (by name).
    assert search("ESS") == ["ess", "long"]
    assert search("économie sociale et solidaire") == ["ess", "long"]


def test_words_close_together_rank_first(index):
    search = index()
    assert search("appel projets")[:2] == ["phrase", "scattered"]


def test_all_strategy_needs_every_word(index):
    search = index()
    assert search("maraîchage réemploi") == ["both"]


def test_last_strategy_drops_words_from_the_end(index):
    search = index(matching_strategy="last")
    assert search("maraîchage réemploi") == ["both", "first"]


def test_frequency_strategy_drops_the_most_common_first(index):
    search = index(matching_strategy="frequency")
    # "projets" is in three documents, "tiers" in one: "tiers" is kept.
    assert search("projets tiers") == ["phrase"]
    assert search("maraîchage réemploi")[0] == "both"
    assert set(search("maraîchage réemploi")) in ({"both", "first"}, {"both", "second"})


def test_equal_scores_follow_the_tie_breaker(index):
    search = index()
    assert search("maraîchage") == ["first", "both"]  # Alice, Bruno
    assert search("") == [d["id"] for d in sorted(DOCS, key=lambda d: d["name"].casefold())]


def test_words_can_be_searched_in_some_attributes_only(index):
    search = index()
    assert search("urbanisme") == ["amiens"]
    assert search("urbanisme", attributes=["text"]) == ["amiens"]
    assert search("urbanisme", attributes=["name"]) == []
    assert search("amiens", attributes=["name"]) == ["amiens"]
