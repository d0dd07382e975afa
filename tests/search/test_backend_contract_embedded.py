"""The search contract (DESIGN.md §6): what is specific to the embedded engine. Documents and
helpers: tests/search/contract.py."""

import pytest

from search.backends.base import IndexSettings, SearchUnavailable
from search.backends.embedded import EmbeddedBackend
from tests.search.contract import DOCS, INDEX, SETTINGS, N, fold, ids

# Embedded engine specifics ------------------------------------------------------------------


@pytest.fixture
def embedded(tmp_path):
    backend = EmbeddedBackend({"path": str(tmp_path / "search")})
    backend.configure(INDEX, SETTINGS)
    backend.index(INDEX, DOCS)
    return backend


def test_embedded_rebuilds_a_corrupt_index(embedded, tmp_path):
    (tmp_path / "search" / INDEX / "settings.json").write_text("{not json")
    fresh = EmbeddedBackend({"path": str(tmp_path / "search")})
    with pytest.raises(SearchUnavailable):
        fresh.search(INDEX, "")
    fresh.configure(INDEX, SETTINGS)
    assert fresh.count(INDEX) == 0  # rebuilt empty: search_reindex refills it
    fresh.index(INDEX, DOCS)
    assert fresh.count(INDEX) == N


def test_embedded_schema_change_keeps_documents(embedded, tmp_path):
    changed = IndexSettings(searchable=["name", "bio"], filterable=["region"], sortable=["name"])
    embedded.configure(INDEX, changed)
    assert embedded.count(INDEX) == N
    assert ids(embedded.search(INDEX, "rennes", filters={"region": ["bretagne"]})) == {"m7"}
    other = EmbeddedBackend({"path": str(tmp_path / "search")})  # another process, in effect
    assert other.count(INDEX) == N
    other.delete(INDEX, ["m7"])
    assert embedded.search(INDEX, "rennes").total == 0  # seen at once by the first instance


def test_embedded_unconfigured_index(tmp_path):
    backend = EmbeddedBackend({"path": str(tmp_path / "search")})
    assert backend.count(INDEX) == 0
    backend.delete(INDEX, ["m1"])
    backend.reset(INDEX)
    with pytest.raises(SearchUnavailable):
        backend.index(INDEX, DOCS)
    with pytest.raises(SearchUnavailable):
        backend.search(INDEX, "")


def test_embedded_sort_on_several_keys_matches_python(tmp_path):
    import random

    rng = random.Random(7)
    documents = [
        {
            "id": str(i),
            "name": f"{rng.choice(['Ana', 'bob', 'Émile', 'zoé'])} {i:04d}",
            "group": rng.choice(["alpha", "Beta", "gamma", None]),
            "size": rng.choice([1, 2, 3, 10, None]),
        }
        for i in range(300)
    ]
    backend = EmbeddedBackend({"path": str(tmp_path / "search")})
    backend.configure(
        "many", IndexSettings(searchable=["name"], sortable=["group", "size", "name"])
    )
    backend.index("many", documents)

    def key(value):
        return fold(value) if isinstance(value, str) else value

    for sort in (["group:asc", "size:desc", "name:asc"], ["size:asc", "name:desc"]):
        expected = list(documents)
        for item in reversed(sort):
            attribute, direction = item.split(":")
            present = [d for d in expected if d[attribute] is not None]
            present.sort(key=lambda d, a=attribute: key(d[a]), reverse=direction == "desc")
            expected = present + [d for d in expected if d[attribute] is None]
        got = []
        for offset in range(0, 300, 40):
            page = backend.search("many", "", sort=sort, limit=40, offset=offset)
            assert page.total == 300
            got += [h.id for h in page.hits]
        assert got == [d["id"] for d in expected]


def test_a_sort_on_numbers_looks_for_them_once_per_index(tmp_path, monkeypatch):
    """Whether a sortable attribute holds numbers costs a count over the whole index: it is
    found out by the first sorted search and remembered, and the order stays right."""
    from search.backends import embedded_results

    backend = EmbeddedBackend({"path": str(tmp_path / "search")})
    backend.configure("dated", IndexSettings(searchable=["name"], sortable=["name", "created"]))
    backend.index("dated", [{"id": str(i), "name": f"n{i}", "created": 100 - i} for i in range(5)])
    looked = []
    original = embedded_results.Query.exists_query

    def exists(field):
        looked.append(field)
        return original(field)

    monkeypatch.setattr(embedded_results.Query, "exists_query", exists)
    for _ in range(3):
        hits = backend.search("dated", "", sort=["created:asc"]).hits
        assert [hit.id for hit in hits] == ["4", "3", "2", "1", "0"]
    assert looked == ["n1"]
    names = backend.search("dated", "", sort=["name:desc"]).hits  # text: asked each time
    assert names[0].id == "4"
    assert looked == ["n1", "n0"]
