"""The search contract every backend honours (DESIGN.md §6).

Runs on the embedded engine always, and on Meilisearch when ``MEILISEARCH_URL`` answers. Each
test gets a fresh index (a temporary directory, or a random Meilisearch index prefix). Backend
writes are synchronous: when ``index()`` returns, the documents are searchable.

Expectations are computed in Python from the same documents wherever possible, so the tests
say what the answer must be, not what one engine happened to return.
"""

import functools
import os
import re
import unicodedata
import uuid
from collections import Counter

import pytest

from search.backends.base import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    IndexSettings,
    SearchResults,
    SearchUnavailable,
)
from search.backends.embedded import EmbeddedBackend

INDEX = "members"
NOT_REACHABLE = (
    "Meilisearch not reachable at MEILISEARCH_URL (unset or down): "
    "contract tests run on the embedded engine only"
)


def symmetric(*groups: list[str]) -> dict[str, list[str]]:
    """Synonym groups in Meilisearch's shape, every term leading to every other."""
    return {term: [other for other in group if other != term] for group in groups for term in group}


FRENCH_STOP_WORDS = ["le", "la", "les", "de", "des", "du", "et", "à", "au", "aux", "un", "une"]
FRENCH_STOP_WORDS += ["l", "d"]  # elisions: "l'économie"
SETTINGS = IndexSettings(
    searchable=[
        "name",
        "organisation",
        "skills",
        "metier_labels",
        "region_label",
        "domains",
        "can_help_with",
        "bio",
    ],
    filterable=["region", "metiers", "actor_kind", "perimeter", "domains", "public_directory"],
    sortable=["name", "joined_on", "actor_kind"],
    highlighted=["name", "skills", "metier_labels"],
    synonyms=symmetric(
        ["tiers-lieu", "tiers lieu", "tiers-lieux", "tiers lieux"],
        ["ess", "économie sociale et solidaire"],
        ["rse", "responsabilité sociétale"],
        ["collectivité", "commune", "mairie", "intercommunalité", "epci"],
    ),
    stop_words=FRENCH_STOP_WORDS,
)


def member(
    id_,
    name,
    organisation,
    skills,
    metiers,
    labels,
    region,
    region_label,
    kind,
    perimeter,
    domains,
    can_help_with,
    bio,
    public,
    joined_on,
):
    return {
        "id": id_,
        "name": name,
        "organisation": organisation,
        "skills": skills,
        "metiers": metiers,
        "metier_labels": labels,
        "region": region,
        "region_label": region_label,
        "actor_kind": kind,
        "perimeter": perimeter,
        "domains": domains,
        "can_help_with": can_help_with,
        "bio": bio,
        "public_directory": public,
        "joined_on": joined_on,
    }


ABERS = 'commune "Les Abers" \\ nord'  # a filter value with quotes and a backslash

# fmt: off
DOCS = [
    member("m1", "Aline Moreau", "Mairie de Saint-Denis",
           ["Accompagnement", "Médiation", "Concertation"],
           ["dialogue-territorial", "mediation"], ["Dialogue territorial", "Médiation"],
           "la-reunion", "La Réunion", "collectivite", "local", ["alimentation", "culture"],
           "Monter un jardin partagé", "Chargée de mission participation citoyenne.",
           True, "2023-02-14"),
    member("m2", "Bastien Le Gall", "Tiers-lieux du Finistère",
           ["Animation de réseau", "Facilitation"], ["animation-reseau"], ["Animation de réseau"],
           "bretagne", "Bretagne", "association", "regional", ["culture", "numerique"],
           "Ouvrir un lieu hybride", "Anime un réseau breton.", True, "2022-09-01"),
    member("m3", "Chloé Rivière", "Coopérative Terres Unies",
           ["Économie sociale et solidaire", "Finance solidaire"], ["ingenierie-projet"],
           ["Ingénierie de projet"], "occitanie", "Occitanie", "entreprise", "regional",
           ["alimentation"], "Structurer un modèle économique", "Accompagne les coopératives.",
           False, "2021-05-20"),
    member("m4", "David Nguyen", "Groupe Horizon", ["RSE", "Stratégie"], ["evaluation"],
           ["Évaluation"], "hauts-de-france", "Hauts-de-France", "entreprise", "national",
           ["energie"], "Mesurer un impact", "Consultant, ancien associé d'Aline Moreau.",
           True, "2024-01-08"),
    member("m5", "Estelle Marchand", "EPCI Cœur de Savoie", ["Concertation", "Accompagnement"],
           ["dialogue-territorial"], ["Dialogue territorial"], "auvergne-rhone-alpes",
           "Auvergne-Rhône-Alpes", "collectivite", "departemental", ["mobilite"],
           "Conduire une concertation", "Ancienne urbaniste.", True, "2023-11-30"),
    member("m6", "Fatou Diallo", "Réseau ESS Occitanie", ["Médiation", "Plaidoyer"],
           ["mediation"], ["Médiation"], "occitanie", "Occitanie", "association", "regional",
           ["culture"], "Mobiliser des bénévoles", "Engagée pour l'emploi local.",
           True, "2020-03-03"),
    member("m7", "Gaspard Petit", "Association La Fabrique",
           ["Gestion de tiers lieu", "Animation de réseau"], ["animation-reseau"],
           ["Animation de réseau"], "bretagne", "Bretagne", "association", "local",
           ["numerique"], "Lancer un fablab", "Anime un tiers lieu rural près de Rennes.",
           False, "2024-06-12"),
    member("m8", "Hélène Blanc", "Cabinet Ancrages", ["Conseil", "Formation"],
           ["evaluation", "ingenierie-projet"], ["Évaluation", "Ingénierie de projet"],
           "la-reunion", "La Réunion", "entreprise", "departemental", ["energie", "mobilite"],
           "Former des équipes",
           "Spécialiste de la responsabilité sociétale des entreprises.", True, "2022-01-17"),
    member("m9", "Ismaël Benali", "Agence d'urbanisme de Lyon", ["Urbanisme", "Cartographie"],
           ["ingenierie-projet"], ["Ingénierie de projet"], "auvergne-rhone-alpes",
           "Auvergne-Rhône-Alpes", "association", "local", ["mobilite"], "Lire un PLU",
           "Au service de la collectivité depuis dix ans.", True, "2021-10-05"),
    member("m10", "Julie Tanguy", "Commune de Plouguerneau",
           ["Participation citoyenne", "Médiation"], ["mediation"], ["Médiation"], "bretagne",
           "Bretagne", "collectivite", ABERS, ["alimentation"], "Animer un conseil de quartier",
           "Élue à l'intercommunalité du pays des Abers.", True, "2025-02-01"),
]
# fmt: on
BY_ID = {d["id"]: d for d in DOCS}
ALL_IDS = set(BY_ID)
N = len(DOCS)
FACETS = ["region", "metiers", "actor_kind", "domains", "public_directory"]


# Helpers ------------------------------------------------------------------------------------


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(document: dict) -> list[str]:
    """Folded words of the searchable attributes."""
    found = []
    for attribute in SETTINGS.searchable:
        value = document.get(attribute)
        for item in value if isinstance(value, list) else [value]:
            found += re.findall(r"[^\W_]+", fold(str(item)))
    return found


def with_prefixes(*prefixes: str) -> set[str]:
    """Ids of documents where every prefix starts some word."""
    return {
        d["id"] for d in DOCS if all(any(w.startswith(fold(p)) for w in words(d)) for p in prefixes)
    }


def matching(filters: dict) -> list[dict]:
    def values(document, key):
        value = document.get(key)
        return value if isinstance(value, list) else [value]

    return [d for d in DOCS if all(set(values(d, k)) & set(v) for k, v in filters.items())]


def facet_counts(documents: list[dict], facets: list[str]) -> dict[str, dict[str, int]]:
    def key(value):
        return ("true" if value else "false") if isinstance(value, bool) else str(value)

    counts = {}
    for facet in facets:
        counter = Counter()
        for document in documents:
            value = document.get(facet)
            for item in set(value if isinstance(value, list) else [value]):
                counter[key(item)] += 1
        counts[facet] = dict(counter)
    return counts


def ids(results: SearchResults) -> set[str]:
    return {hit.id for hit in results.hits}


def everything(engine, query: str = "", **kwargs) -> SearchResults:
    return engine.search(INDEX, query, limit=100, **kwargs)


# Fixtures -----------------------------------------------------------------------------------


@functools.cache
def _meilisearch_answers(url: str | None, key: str | None) -> bool:
    if not url:
        return False
    import meilisearch

    try:
        meilisearch.Client(url, key or None, timeout=2).health()
    except Exception:
        return False
    return True


@pytest.fixture(params=["embedded", "meilisearch"])
def engine(request, tmp_path):
    if request.param == "embedded":
        yield EmbeddedBackend({"path": str(tmp_path / "search")})
        return
    url, key = os.environ.get("MEILISEARCH_URL"), os.environ.get("MEILISEARCH_API_KEY")
    if not _meilisearch_answers(url, key):
        pytest.skip(NOT_REACHABLE)
    import meilisearch

    from search.backends.meilisearch import MeilisearchBackend

    prefix = f"test_{uuid.uuid4().hex[:10]}_"
    yield MeilisearchBackend(options={"url": url, "api_key": key, "index_prefix": prefix})
    client = meilisearch.Client(url, key or None)
    for index in client.get_indexes({"limit": 1000})["results"]:
        if index.uid.startswith(prefix):
            client.wait_for_task(client.delete_index(index.uid).task_uid)


@pytest.fixture
def members(engine):
    engine.configure(INDEX, SETTINGS)
    engine.index(INDEX, DOCS)
    return engine


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
