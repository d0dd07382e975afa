"""The search contract every backend honours (DESIGN.md §6): filters, facets, sort and
pagination. Documents and helpers: tests/search/contract.py."""

import pytest

from tests.search.contract import (
    ABERS,
    BY_ID,
    DOCS,
    FACETS,
    INDEX,
    N,
    everything,
    facet_counts,
    ids,
    matching,
    with_prefixes,
)

# Filters, facets, sort, pagination ----------------------------------------------------------

FILTER_CASES = [
    {},
    {"region": ["bretagne"]},
    {"public_directory": [True]},
    {"public_directory": [False]},
    {"metiers": ["mediation", "dialogue-territorial"]},
    {"region": ["bretagne", "occitanie"], "actor_kind": ["association"]},
    {"domains": ["culture"], "public_directory": [True]},
    {
        "region": ["la-reunion"],
        "metiers": ["evaluation", "mediation"],
        "actor_kind": ["entreprise"],
    },
]


@pytest.mark.parametrize("filters", FILTER_CASES)
def test_filters_and_facet_counts(members, filters):
    expected = matching(filters)
    results = everything(members, filters=filters, facets=FACETS)
    assert ids(results) == {d["id"] for d in expected}
    assert results.total == len(expected)
    assert results.facets == facet_counts(expected, FACETS)


def test_facet_counts_follow_the_query(members):
    results = everything(
        members, "accomp", filters={"public_directory": [True]}, facets=["region", "metiers"]
    )
    expected = [BY_ID[i] for i in with_prefixes("accomp") if BY_ID[i]["public_directory"]]
    assert ids(results) == {d["id"] for d in expected}
    assert results.facets == facet_counts(expected, ["region", "metiers"])


def test_facets_counted_under_other_filters_in_the_same_search(members):
    """A facet in use counted without its own filter (the directory's disjunctive facets): the
    page follows every filter, each overridden facet the filters given for it, and the words."""
    filters = {"region": ["bretagne"], "metiers": ["mediation"], "public_directory": [True]}
    without_region = {"metiers": ["mediation"], "public_directory": [True]}
    without_metiers = {"region": ["bretagne"], "public_directory": [True]}
    results = everything(
        members, "accomp", filters=filters, facets=["region", "metiers", "actor_kind"],
        facet_filters={"region": without_region, "metiers": without_metiers},
    )
    accomp = [BY_ID[i] for i in with_prefixes("accomp")]

    def within(filters):
        return [d for d in matching(filters) if d in accomp]

    assert ids(results) == {d["id"] for d in within(filters)}
    assert results.facets == {
        "region": facet_counts(within(without_region), ["region"])["region"],
        "metiers": facet_counts(within(without_metiers), ["metiers"])["metiers"],
        "actor_kind": facet_counts(within(filters), ["actor_kind"])["actor_kind"],
    }
    assert results.facets["region"] != facet_counts(within(filters), ["region"])["region"]


def test_a_facet_counted_under_filters_that_match_nothing_is_empty(members):
    results = everything(
        members, filters={"region": ["bretagne"]}, facets=["region", "metiers"],
        facet_filters={"region": {"metiers": []}, "metiers": {}},
    )
    assert results.total == len(matching({"region": ["bretagne"]}))
    assert results.facets["region"] == {}
    assert results.facets["metiers"] == facet_counts(matching({}), ["metiers"])["metiers"]


def test_filter_values_are_literal(members):
    assert ids(everything(members, filters={"perimeter": [ABERS]})) == {"m10"}
    assert everything(members, filters={"perimeter": [ABERS.replace("\\", "\\\\")]}).total == 0
    assert everything(members, filters={"region": ['bretagne" OR region = "occitanie']}).total == 0
    assert everything(members, filters={"region": ["bretagne OR 1=1"]}).total == 0


def test_a_filter_key_without_values_matches_nothing(members):
    results = everything(members, filters={"region": []}, facets=["region"])
    assert results.total == 0
    assert results.hits == []
    assert results.facets == {"region": {}}


@pytest.mark.parametrize(
    "sort",
    [
        ["name:asc"],
        ["name:desc"],
        ["joined_on:asc"],
        ["joined_on:desc"],
        ["actor_kind:asc", "name:desc"],
        ["actor_kind:desc", "joined_on:asc"],
    ],
)
def test_sort(members, sort):
    expected = list(DOCS)
    for item in reversed(sort):
        attribute, direction = item.split(":")
        expected.sort(key=lambda d, a=attribute: d[a], reverse=direction == "desc")
    results = members.search(INDEX, "", sort=sort, limit=100)
    assert [h.id for h in results.hits] == [d["id"] for d in expected]


def test_sort_applies_to_matches_only(members):
    results = members.search(
        INDEX, "", filters={"metiers": ["mediation"]}, sort=["joined_on:desc"], limit=100
    )
    assert [h.id for h in results.hits] == ["m10", "m1", "m6"]


def test_pagination(members):
    expected = [d["id"] for d in sorted(DOCS, key=lambda d: d["name"])]
    pages = []
    for offset in range(0, N, 3):
        page = members.search(INDEX, "", sort=["name:asc"], limit=3, offset=offset)
        assert page.total == N
        assert len(page.hits) <= 3
        pages += [h.id for h in page.hits]
    assert pages == expected
    beyond = members.search(INDEX, "", sort=["name:asc"], limit=3, offset=N + 5)
    assert beyond.hits == []
    assert beyond.total == N
    filtered = members.search(INDEX, "", filters={"region": ["bretagne"]}, limit=1, offset=1)
    assert filtered.total == 3
    assert len(filtered.hits) == 1
