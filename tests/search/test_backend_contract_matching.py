"""The search contract every backend honours (DESIGN.md §6): what a query matches, and how
the matches are highlighted. Documents and helpers: tests/search/contract.py."""

import pytest

from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START
from tests.search.contract import ALL_IDS, BY_ID, N, everything, ids, with_prefixes

# Matching -----------------------------------------------------------------------------------


def test_empty_query_returns_everything(members):
    results = everything(members)
    assert results.total == N
    assert ids(results) == ALL_IDS
    assert {h.id: h.document for h in results.hits} == BY_ID  # documents come back as given


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dialoge territorial", {"m1", "m5"}),  # one typo
        ("dialogue teritorial", {"m1", "m5"}),
        ("concertaton", {"m1", "m5"}),
        ("mediaton", {"m1", "m6", "m10"}),
    ],
)
def test_typos_are_tolerated(members, query, expected):
    assert ids(everything(members, query)) == expected


@pytest.mark.parametrize(
    "query",
    [
        "reunion",
        "Réunion",
        "REUNION",
        "ingenierie",
        "Ingénierie",
        "mediation",
        "médiation",
        "elue",
        "évaluation",
        "evaluation",
    ],
)
def test_accents_and_case_are_folded(members, query):
    expected = with_prefixes(query)
    assert expected  # the data has something to find
    assert ids(everything(members, query)) == expected


@pytest.mark.parametrize("query", ["accomp", "Accompag", "facil", "urba", "plaid"])
def test_last_word_matches_as_prefix(members, query):
    expected = with_prefixes(query)
    assert expected
    assert ids(everything(members, query)) == expected


def test_every_word_must_match(members):
    assert ids(everything(members, "médiation bretagne")) == {"m10"}
    assert ids(everything(members, "concertation réunion")) == {"m1"}
    assert everything(members, "médiation urbanisme").total == 0


def test_stop_words_do_not_restrict(members):
    assert ids(everything(members, "la médiation")) == ids(everything(members, "médiation"))


def test_earlier_attributes_rank_first(members):
    results = everything(members, "moreau")
    assert ids(results) == {"m1", "m4"}
    assert results.hits[0].id == "m1"  # in the name, before m4's bio


SYNONYM_GROUPS = [
    (["tiers-lieu", "tiers lieu", "tiers-lieux", "tiers lieux", "Tiers Lieux"], {"m2", "m7"}),
    (
        ["ess", "ESS", "économie sociale et solidaire", "economie sociale et solidaire"],
        {"m3", "m6"},
    ),
    (["rse", "RSE", "responsabilité sociétale"], {"m4", "m8"}),
    (
        ["collectivité", "collectivite", "commune", "mairie", "intercommunalité", "epci", "EPCI"],
        {"m1", "m5", "m9", "m10"},
    ),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [(query, expected) for group, expected in SYNONYM_GROUPS for query in group],
)
def test_synonyms_work_both_ways(members, query, expected):
    assert ids(everything(members, query)) == expected


# Highlighting -------------------------------------------------------------------------------


def test_highlight_marks_the_matching_skill_only(members):
    hit = next(h for h in everything(members, "médiation").hits if h.id == "m1")
    assert hit.highlighted["skills"] == [
        "Accompagnement",
        f"{HIGHLIGHT_START}Médiation{HIGHLIGHT_END}",
        "Concertation",
    ]
    assert hit.highlighted["name"] == "Aline Moreau"
    assert hit.highlighted["metier_labels"] == [
        "Dialogue territorial",
        f"{HIGHLIGHT_START}Médiation{HIGHLIGHT_END}",
    ]
    assert hit.document == BY_ID["m1"]  # the document itself carries no marks


def test_highlight_folded_typo_and_prefix_matches(members):
    hit = next(h for h in everything(members, "mediaton").hits if h.id == "m6")
    assert hit.highlighted["skills"] == [f"{HIGHLIGHT_START}Médiation{HIGHLIGHT_END}", "Plaidoyer"]
    hit = next(h for h in everything(members, "accomp").hits if h.id == "m5")
    concertation, accompagnement = hit.highlighted["skills"]
    assert concertation == "Concertation"
    assert accompagnement.startswith(f"{HIGHLIGHT_START}Accomp")
    assert accompagnement.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "") == (
        "Accompagnement"
    )
