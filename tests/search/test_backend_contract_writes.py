"""The search contract every backend honours (DESIGN.md §6): indexing, deleting, resetting
and configuring. Documents and helpers: tests/search/contract.py."""

from search.backends.base import IndexSettings
from tests.search.contract import BY_ID, DOCS, INDEX, SETTINGS, N, everything, ids

# Writes -------------------------------------------------------------------------------------


def test_delete_removes(members):
    members.delete(INDEX, ["m3"])
    assert members.count(INDEX) == N - 1
    assert ids(everything(members, "ess")) == {"m6"}
    assert "m3" not in ids(everything(members))


def test_unknown_ids_in_delete_are_ignored(members):
    members.delete(INDEX, ["nope", "m999", "m1"])
    members.delete(INDEX, [])
    assert members.count(INDEX) == N - 1


def test_reindexing_is_idempotent_and_replaces(members):
    members.index(INDEX, DOCS)
    members.index(INDEX, list(reversed(DOCS)))
    assert members.count(INDEX) == N
    assert everything(members).total == N
    members.index(INDEX, [{**BY_ID["m1"], "name": "Aline Payet", "region": "bretagne"}])
    assert members.count(INDEX) == N
    assert ids(everything(members, "payet")) == {"m1"}
    assert everything(members, "moreau", filters={"region": ["la-reunion"]}).total == 0


def test_reset_empties_and_keeps_settings(members):
    members.reset(INDEX)
    assert members.count(INDEX) == 0
    assert everything(members).total == 0
    members.index(INDEX, DOCS)
    assert ids(everything(members, "epci")) == {"m1", "m5", "m9", "m10"}  # synonyms kept
    assert ids(everything(members, filters={"region": ["bretagne"]})) == {"m2", "m7", "m10"}


def test_configure_twice_is_idempotent(members):
    members.configure(INDEX, SETTINGS)
    members.configure(INDEX, SETTINGS)
    assert members.count(INDEX) == N
    assert ids(everything(members, "dialoge territorial")) == {"m1", "m5"}


def test_integer_primary_keys(engine):
    engine.configure("numbers", IndexSettings(searchable=["title"], filterable=["kind"]))
    engine.index(
        "numbers",
        [
            {"id": 1, "title": "Première rencontre", "kind": 2},
            {"id": 2, "title": "Seconde rencontre", "kind": 3},
        ],
    )
    results = engine.search("numbers", "rencontre", filters={"kind": [2]})
    assert [(h.id, h.document) for h in results.hits] == [
        ("1", {"id": 1, "title": "Première rencontre", "kind": 2})
    ]
    engine.delete("numbers", ["1"])
    assert engine.count("numbers") == 1


def test_sort_numbers_numerically_and_missing_values_last(engine):
    engine.configure(
        "projects",
        IndexSettings(searchable=["title"], filterable=["group"], sortable=["group", "size"]),
    )
    engine.index(
        "projects",
        [
            {"id": "a", "title": "Atelier", "group": "nord", "size": 10},
            {"id": "b", "title": "Balade", "group": "sud", "size": 2},
            {"id": "c", "title": "Chantier", "group": "nord", "size": 33},
            {"id": "d", "title": "Débat", "group": "sud"},
            {"id": "e", "title": "Enquête", "size": 5},
        ],
    )

    def order(sort):
        return [h.id for h in engine.search("projects", "", sort=sort, limit=10).hits]

    assert order(["size:asc"]) == ["b", "e", "a", "c", "d"]
    assert order(["size:desc"]) == ["c", "a", "e", "b", "d"]
    assert order(["group:asc", "size:desc"]) == ["c", "a", "b", "d", "e"]
    assert order(["group:desc", "size:asc"]) == ["b", "d", "a", "c", "e"]
