"""Unit tests of what the Meilisearch backend sends and how it reads the answers.

``meilisearch.Client`` is replaced by a recorder at the client-object level: every call is bound
against the REAL client method's signature (so a call the installed client would reject fails
here), and the answers are the client's own models built from server-shaped JSON. The contract
suite, not this file, checks behaviour against a real server.
"""

import time

import meilisearch
import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from meilisearch.errors import MeilisearchCommunicationError

from search.backends import meilisearch as backend_module
from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START, IndexSettings, SearchUnavailable
from search.backends.meilisearch import (
    MeilisearchBackend,
    MeilisearchRejected,
    SearchRequestError,
    build_filter,
    clean_query,
)
from tests.search.meilisearch_fake import FakeClient, api_error

SETTINGS = IndexSettings(
    searchable=["name", "bio", "metiers"],
    filterable=["metiers", "region", "is_hidden", "project_id"],
    sortable=["name", "created"],
    highlighted=["name", "metiers"],
    synonyms={"dev": ["développeur"], "développeur": ["dev"]},
    stop_words=["le", "la"],
)


@pytest.fixture
def backend(monkeypatch):
    monkeypatch.setattr(backend_module, "Client", FakeClient)
    return MeilisearchBackend({"url": "http://meili:7700", "api_key": "k", "timeout": 2,
                               "task_timeout_ms": 3000})


@pytest.fixture
def configured(backend):
    backend.configure("members", SETTINGS)
    backend.client.calls.clear()
    return backend


def test_client_options(backend):
    assert (backend.client.url, backend.client.api_key, backend.client.timeout) == (
        "http://meili:7700", "k", 2
    )
    assert backend.uid("members") == "catalyse_members"


def test_configure_creates_index_and_sends_settings(backend):
    backend.configure("members", SETTINGS)
    names = [name for name, _ in backend.client.calls]
    assert names == ["create_index", "get_task", "catalyse_members.update_settings",
                     "get_task"]
    assert backend.client.calls[0][1] == {"uid": "catalyse_members",
                                          "options": {"primaryKey": "id"}}
    body = backend.client.named("update_settings")[0]["body"]
    assert body["searchableAttributes"] == ["name", "bio", "metiers"]  # order kept
    assert body["filterableAttributes"] == ["metiers", "region", "is_hidden", "project_id"]
    assert body["sortableAttributes"] == ["name", "created"]
    assert body["displayedAttributes"] == ["*"]
    assert body["synonyms"] == {"dev": ["développeur"], "développeur": ["dev"]}
    assert body["stopWords"] == ["le", "la"]
    assert body["typoTolerance"] == {"enabled": True, "disableOnWords": []}
    # ``sort`` right after ``words``: "newest first" with a query is honoured (sort_first).
    assert body["rankingRules"] == [
        "words", "sort", "typo", "proximity", "attribute", "exactness"
    ]
    assert body["pagination"] == {"maxTotalHits": 100_000}
    # The most frequent values first, as the embedded engine's terms aggregation: past 1,000
    # values a facet loses its rarest ones, not those late in the alphabet.
    assert body["faceting"] == {"maxValuesPerFacet": 1000, "sortFacetValuesBy": {"*": "count"}}


def test_configure_ignores_existing_index_but_not_other_failures(backend):
    backend.client.task_errors["create_index"] = {"code": "index_already_exists"}
    backend.configure("members", SETTINGS)
    assert backend.client.named("update_settings")
    backend.client.task_errors["update_settings"] = {"code": "invalid_settings_synonyms",
                                                     "message": "bad"}
    with pytest.raises(MeilisearchRejected, match="invalid_settings_synonyms") as caught:
        backend.configure("members", SETTINGS)
    assert caught.value.code == "invalid_settings_synonyms"
    assert isinstance(caught.value, SearchUnavailable)


def test_configure_rejects_bad_attribute_names(backend):
    with pytest.raises(ValueError, match="Invalid search attribute"):
        backend.configure("members", IndexSettings(searchable=["name"], filterable=["a OR b"]))
    assert backend.client.calls == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"region": ["bretagne"]}, 'region = "bretagne"'),
        ({"metiers": ["a", "b"], "region": ["bretagne"]},
         '(metiers = "a" OR metiers = "b") AND (region = "bretagne")'),
        ({"is_hidden": [False], "project_id": [42]}, "(is_hidden = false) AND (project_id = 42)"),
        ({"region": ['" OR region = x']}, r'region = "\" OR region = x"'),
        ({"region": ['x" OR region != "y']}, r'region = "x\" OR region != \"y"'),
        ({"region": ["back\\slash\\"]}, r'region = "back\\slash\\"'),
        ({"region": ['\\" OR 1 = 1']}, r'region = "\\\" OR 1 = 1"'),
        ({"profile.region": ["é (ok)"]}, 'profile.region = "é (ok)"'),
        ({}, None),
    ],
)
def test_build_filter(filters, expected):
    if expected and " AND " not in expected:
        expected = f"({expected})"
    assert build_filter(filters) == expected


def _unescape(quoted: str) -> str:
    """What Meilisearch's filter parser reads inside double quotes (>= 1.4)."""
    assert quoted[0] == quoted[-1] == '"'
    body, out, i = quoted[1:-1], [], 0
    while i < len(body):
        assert body[i] != '"', "unescaped quote would end the value"
        if body[i] == "\\":
            out.append(body[i + 1])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


@pytest.mark.parametrize("value", ['" OR region = x', 'a\\"b', "\\", '\\\\"', 'x") OR (y = "'])
def test_escaped_values_stay_one_value(value):
    clause = build_filter({"region": [value]})
    assert clause.startswith('(region = ') and clause.endswith(")")
    assert _unescape(clause[len("(region = "):-1]) == value


@pytest.mark.parametrize("key", ["a OR b", "x=1", "1abc", "", "a b", 'a"', "AND", "NOT",
                                 "_geoRadius", "a..b", "a."])
def test_invalid_attribute_names_rejected(key):
    with pytest.raises(ValueError):
        build_filter({key: ["x"]})


@pytest.mark.parametrize("values", ["bretagne", [None], [1.5], [["x"]]])
def test_invalid_filter_values_rejected(values):
    with pytest.raises(TypeError):
        build_filter({"region": values})


def test_index_batches_and_waits(configured):
    documents = [{"id": str(i), "name": f"n{i}"} for i in range(2500)]
    configured.index("members", documents)
    adds = configured.client.named("add_documents")
    assert [len(a["documents"]) for a in adds] == [1000, 1000, 500]
    assert all(a["primary_key"] == "id" for a in adds)
    assert adds[2]["documents"][-1] == {"id": "2499", "name": "n2499"}
    names = [name for name, _ in configured.client.calls]
    assert names == ["get_raw_index", "get_raw_index"] + [
        "catalyse_members.add_documents", "get_task"] * 3
    assert [a["uid"] for a in configured.client.named("get_raw_index")] == [
        "catalyse_members", "catalyse_members__rebuild"]
    configured.client.calls.clear()
    configured.index("members", [])
    assert configured.client.calls == []


def test_index_without_configure_keeps_the_index_primary_key(backend):
    backend.index("members", [{"id": "1"}])
    assert backend.client.named("add_documents")[0]["primary_key"] is None


def test_failed_task_is_unavailable(configured):
    configured.client.task_errors["add_documents"] = {"code": "internal", "message": "disk"}
    with pytest.raises(SearchUnavailable, match="internal"):
        configured.index("members", [{"id": "1"}])


def test_delete_by_ids(configured):
    configured.delete("members", ["1", 2])
    (arguments,) = configured.client.named("delete_documents")
    assert arguments == {"ids": ["1", "2"]}
    configured.client.calls.clear()
    configured.delete("members", [])
    assert configured.client.calls == []


def test_delete_and_reset_on_missing_index_are_noops(configured):
    configured.client.task_errors["delete_documents"] = {"code": "index_not_found"}
    configured.client.task_errors["delete_all_documents"] = {"code": "index_not_found"}
    configured.delete("members", ["1"])
    configured.reset("members")
    assert configured.client.named("delete_all_documents") == [{}]


def test_count_waits_for_pending_tasks(configured):
    configured.client.pending = [7]
    configured.client.documents = 12
    assert configured.count("members") == 12
    tasks = configured.client.named("get_tasks")[0]["parameters"]
    assert tasks["indexUids"] in (["catalyse_members"], "catalyse_members")
    assert configured.client.named("get_task")[0]["uid"] == 7


def test_count_of_missing_index_is_zero(configured):
    configured.client.raises["get_stats"] = api_error(404, "index_not_found")
    assert configured.count("members") == 0


def test_search_params(configured):
    configured.search("members", "  dév\u200bel\x00oppeur \ue000x ", filters={"region": ["b"]},
                      facets=["metiers", "region"], sort=["name:asc"], limit=5, offset=10)
    (arguments,) = configured.client.named("members.search")
    assert arguments["query"] == "dév el oppeur x"
    assert arguments["opt_params"] == {
        "filter": '(region = "b")',
        "facets": ["metiers", "region"],
        "sort": ["name:asc"],
        "limit": 5,
        "matchingStrategy": "all",
        "offset": 10,
        "attributesToHighlight": ["name", "metiers"],
        "highlightPreTag": HIGHLIGHT_START,
        "highlightPostTag": HIGHLIGHT_END,
    }


def test_facets_counted_under_other_filters_go_in_one_multi_search(configured):
    configured.client.search_response = {
        "hits": [{"id": 1, "name": "Ana"}], "estimatedTotalHits": 1,
        "facetDistribution": {"metiers": {"dev": 1}, "region": {"b": 1}},
    }
    configured.client.facet_responses = [
        {"hits": [], "estimatedTotalHits": 9, "facetDistribution": {"region": {"b": 1, "c": 8}}},
    ]
    results = configured.search(
        "members", "ana", filters={"region": ["b"], "metiers": ["dev"]},
        facets=["metiers", "region"], limit=5, attributes=["name"],
        facet_filters={"region": {"metiers": ["dev"]}, "metiers": {"region": []}},
    )
    (arguments,) = configured.client.named("multi_search")
    main, region = arguments["queries"]
    assert main["indexUid"] == "catalyse_members" and main["q"] == "ana"
    assert main["filter"] == '(region = "b") AND (metiers = "dev")'
    assert region == {
        "indexUid": "catalyse_members", "q": "ana", "matchingStrategy": "all",
        "attributesToSearchOn": ["name"], "limit": 0, "facets": ["region"],
        "filter": '(metiers = "dev")',
    }
    assert configured.client.named("members.search") == []
    # A facet whose filters allow nothing is not asked for: it counts nothing.
    assert results.facets == {"metiers": {}, "region": {"b": 1, "c": 8}}
    assert [hit.id for hit in results.hits] == ["1"]


def test_search_without_configure_highlights_nothing(backend):
    backend.search("members", "")
    (arguments,) = backend.client.named("search")
    assert arguments["opt_params"] == {"limit": 20, "offset": 0, "matchingStrategy": "all"}


@pytest.mark.parametrize("bad", [{"sort": ["name"]}, {"sort": ["a b:asc"]},
                                 {"facets": ["x OR y"]}, {"limit": -1},
                                 {"filters": {"a b": ["x"]}}])
def test_search_rejects_bad_parameters(configured, bad):
    with pytest.raises(ValueError):
        configured.search("members", "q", **bad)
    assert configured.client.calls == []


def test_empty_filter_values_match_nothing(configured):
    results = configured.search("members", "q", filters={"region": []}, facets=["region"])
    assert (results.hits, results.total, results.facets) == ([], 0, {"region": {}})
    assert configured.client.calls == []


def test_search_response_conversion(configured):
    mark = f"{HIGHLIGHT_START}Ana{HIGHLIGHT_END}"
    configured.client.search_response = {
        "hits": [
            {"id": 3, "name": "Anaïs", "metiers": ["dev"], "_rankingScore": 0.9,
             "_formatted": {"id": "3", "name": f"{mark}ïs", "metiers": ["dev"], "bio": "b"}},
            {"id": "4", "name": "Bob", "metiers": []},
        ],
        "estimatedTotalHits": 57,
        "facetDistribution": {"metiers": {"dev": 12, "design": 3}},
        "processingTimeMs": 1, "query": "ana", "limit": 2, "offset": 0,
    }
    results = configured.search("members", "ana", facets=["metiers", "region"])
    assert [hit.id for hit in results.hits] == ["3", "4"]
    assert results.hits[0].document == {"id": 3, "name": "Anaïs", "metiers": ["dev"]}
    assert results.hits[0].highlighted == {"name": f"{mark}ïs", "metiers": ["dev"]}
    assert results.hits[1].highlighted == {}
    assert results.total == 57
    assert results.facets == {"metiers": {"dev": 12, "design": 3}, "region": {}}


@pytest.mark.parametrize("error", [
    MeilisearchCommunicationError("refused"),
    api_error(503, "internal"),
    api_error(401, "invalid_api_key"),
    requests.exceptions.ChunkedEncodingError("cut"),
])
def test_connection_and_server_errors_are_unavailable(configured, error):
    configured.client.raises["search"] = error
    configured.client.raises["add_documents"] = error
    with pytest.raises(SearchUnavailable):
        configured.search("members", "q")
    with pytest.raises(SearchUnavailable):
        configured.index("members", [{"id": "1"}])


def test_refused_search_degrades_like_an_outage_logged_once(configured, caplog):
    """An index without its settings answers 400 invalid_search_filter: the pages show their
    outage message (SearchUnavailable), and the log says once what to run."""
    backend_module._logged.clear()
    configured.client.raises["search"] = api_error(400, "invalid_search_filter")
    for _ in range(3):
        with pytest.raises(SearchRequestError, match="invalid_search_filter") as caught:
            configured.search("members", "q", filters={"unknown": ["x"]})
        assert isinstance(caught.value, SearchUnavailable)
        assert caught.value.code == "invalid_search_filter"
    logged = [r for r in caplog.records if r.name == backend_module.logger.name]
    assert len(logged) == 1 and "search_setup" in logged[0].getMessage()


def test_search_on_a_deleted_index_is_unavailable(configured):
    configured.client.raises["search"] = api_error(404, "index_not_found")
    with pytest.raises(SearchUnavailable, match="index_not_found"):
        configured.search("members", "q")


def test_task_timeout_is_unavailable(configured, monkeypatch):
    def slow(*args, **kwargs):
        raise meilisearch.errors.MeilisearchTimeoutError("too slow")

    monkeypatch.setattr(configured.client, "get_task", slow, raising=False)
    with pytest.raises(SearchUnavailable):
        configured.index("members", [{"id": "1"}])


def test_clean_query_caps_length():
    assert clean_query("a" * 2000) == "a" * 500
    assert clean_query("\u200b\u200d\ufeff") == ""


def test_real_client_against_closed_port_is_unavailable_quickly():
    backend = MeilisearchBackend({"url": "http://127.0.0.1:9", "timeout": 1,
                                  "task_timeout_ms": 1000})
    started = time.monotonic()
    with pytest.raises(SearchUnavailable):
        backend.search("members", "x")
    with pytest.raises(SearchUnavailable):
        backend.index("members", [{"id": "1"}])
    with pytest.raises(SearchUnavailable):
        backend.configure("members", SETTINGS)
    assert time.monotonic() - started < 5


# Relevance settings (issue 12) --------------------------------------------------------------

RELEVANCE = IndexSettings(
    searchable=["name", "skills"],
    sortable=["name_sort"],
    matching_strategy="frequency",
    exact_words=["ESS", "ami"],
    tie_breaker="name_sort",
)


def test_relevance_settings_are_sent(backend):
    backend.configure("members", RELEVANCE)
    body = backend.client.named("update_settings")[0]["body"]
    assert body["rankingRules"] == [
        "words", "sort", "typo", "proximity", "attribute", "exactness", "name_sort:asc"
    ]
    assert body["typoTolerance"] == {"enabled": True, "disableOnWords": ["ess", "ami"]}


def test_matching_strategy_and_acronym_at_the_end_are_not_prefixes(backend):
    backend.configure("members", RELEVANCE)
    backend.search("members", "réseau ESS")
    backend.search("members", "AMI tiers-lieux")
    first, second = backend.client.named("members.search")
    assert first["query"] == "réseau ESS "  # a trailing space: no prefix on the last word
    assert first["opt_params"]["matchingStrategy"] == "frequency"
    assert second["query"] == "AMI tiers-lieux"


@pytest.mark.parametrize(
    "bad_settings",
    [
        IndexSettings(searchable=["name"], matching_strategy="any"),
        IndexSettings(searchable=["name"], sortable=["a"], tie_breaker="b"),
    ],
)
def test_bad_relevance_settings_are_refused(backend, bad_settings):
    with pytest.raises(ValueError):
        backend.configure("members", bad_settings)


def test_attributes_to_search_on_are_sent_checked(backend):
    backend.configure("members", RELEVANCE)
    backend.search("members", "tiers", attributes=["skills"])
    (arguments,) = backend.client.named("members.search")
    assert arguments["opt_params"]["attributesToSearchOn"] == ["skills"]
    with pytest.raises(ValueError):
        backend.search("members", "tiers", attributes=["a OR b"])


# Production: task waits, keys, setup at deploy, missing indexes, rebuild and swap ------------


class FakeClock:
    """``time`` for the backend: sleeping advances the clock at once."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.01)


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(backend_module, "time", fake)
    return fake


def test_task_timeout_option_and_its_bounds(monkeypatch):
    monkeypatch.setattr(backend_module, "Client", FakeClient)
    assert MeilisearchBackend({"url": "http://m", "task_timeout": 12}).task_timeout == 12
    assert MeilisearchBackend({"url": "http://m"}).task_timeout == 30  # default
    assert MeilisearchBackend({"url": "http://m"}).setup_timeout >= 300
    with pytest.raises(ImproperlyConfigured):
        MeilisearchBackend({"url": "http://m", "task_timeout": 0})


def test_a_task_queued_too_long_is_cancelled_and_unavailable(configured, clock):
    """3 s of queue behind other work: the write gives up, cancels its task (no copies pile
    up behind a busy engine) and raises SearchUnavailable, which the sync retries."""
    task = configured.client.next_uid + 1
    configured.client.statuses[task] = ["enqueued"] * 10_000
    started = clock.now
    with pytest.raises(SearchUnavailable, match="queued behind other work") as caught:
        configured.index("members", [{"id": "1"}])
    assert isinstance(caught.value, backend_module.MeilisearchTaskTimeout)
    assert 3 <= clock.now - started < 4
    assert configured.client.named("cancel_tasks") == [
        {"parameters": {"uids": [str(task)], "statuses": ["enqueued"]}}
    ]


def test_cancelling_goes_through_the_real_client(caplog):
    """The real client turns the parameters into a query string (it joins list items, which
    must be text); against a closed port the cancel is only logged."""
    backend = MeilisearchBackend({"url": "http://127.0.0.1:9", "timeout": 1})
    backend._cancel(42)
    assert "Could not cancel Meilisearch task 42" in caplog.text


def test_a_task_that_got_its_turn_has_its_full_timeout(configured, clock):
    """2.5 s queued, then 2.5 s processing: 5 s in all, more than the 3 s timeout, yet each
    clock stayed under it: the write succeeds and nothing is cancelled."""
    task = configured.client.next_uid + 1
    configured.client.statuses[task] = ["enqueued"] * 25 + ["processing"] * 25
    with monkeypatch_sleep(clock, 0.1):
        configured.index("members", [{"id": "1"}])
    assert configured.client.named("cancel_tasks") == []
    configured.client.statuses[task + 1] = ["processing"] * 40
    with monkeypatch_sleep(clock, 0.1), pytest.raises(SearchUnavailable, match="processing"):
        configured.index("members", [{"id": "2"}])
    assert configured.client.named("cancel_tasks") == []


class monkeypatch_sleep:
    """Each poll of the task costs exactly ``step`` seconds of the fake clock."""

    def __init__(self, clock: FakeClock, step: float) -> None:
        self.clock, self.step, self.saved = clock, step, None

    def __enter__(self):
        self.saved = self.clock.sleep
        self.clock.sleep = lambda seconds: setattr(self.clock, "now", self.clock.now + self.step)

    def __exit__(self, *exc):
        self.clock.sleep = self.saved


def test_searches_use_the_search_key_and_writes_the_admin_key(monkeypatch):
    monkeypatch.setattr(backend_module, "Client", FakeClient)
    backend = MeilisearchBackend({"url": "http://m", "api_key": "admin", "search_api_key": "s"})
    backend.prepare("members", SETTINGS)
    backend.search("members", "q")
    backend.index("members", [{"id": "1"}])
    assert backend.search_client.api_key == "s" and backend.client.api_key == "admin"
    assert [name for name, _ in backend.search_client.calls] == ["catalyse_members.search"]
    assert "catalyse_members.search" not in [name for name, _ in backend.client.calls]
    alone = MeilisearchBackend({"url": "http://m", "api_key": "admin"})
    assert alone.search_client is alone.client  # no search key: the admin key


def test_prepare_sends_nothing_and_search_uses_its_settings(backend):
    backend.prepare("members", RELEVANCE)
    assert backend.client.calls == []
    backend.search("members", "réseau ESS")
    (arguments,) = backend.client.named("members.search")
    assert arguments["query"] == "réseau ESS "
    assert arguments["opt_params"]["matchingStrategy"] == "frequency"
    with pytest.raises(ValueError):
        backend.prepare("members", IndexSettings(searchable=["a b"]))


def test_a_write_to_a_deleted_index_creates_it_again_with_its_settings(backend, caplog):
    backend.client.existing.clear()  # deleted behind our back
    backend.prepare("members", SETTINGS)
    backend.index("members", [{"id": "1"}])
    names = [name for name, _ in backend.client.calls]
    assert names.index("create_index") < names.index("catalyse_members.update_settings")
    assert names.index("catalyse_members.update_settings") < names.index(
        "catalyse_members.add_documents")
    body = backend.client.named("update_settings")[0]["body"]
    assert body["filterableAttributes"] == SETTINGS.filterable
    assert "created again with its settings" in caplog.text


def test_a_write_to_a_deleted_index_without_settings_waits_for_setup(backend):
    backend.client.existing.clear()
    with pytest.raises(SearchUnavailable, match="search_setup"):
        backend.index("members", [{"id": "1"}])
    assert backend.client.named("add_documents") == []
    assert backend.client.named("create_index") == []
    backend.delete("members", ["1"])  # nothing to delete from: no request that creates it
    assert backend.client.named("delete_documents") == []


def test_writes_during_a_rebuild_also_reach_the_new_index(configured):
    configured.client.existing.add("catalyse_members__rebuild")
    configured.index("members", [{"id": "1"}])
    configured.delete("members", ["2"])
    adds = [name for name, _ in configured.client.calls if name.endswith("add_documents")]
    deletes = [name for name, _ in configured.client.calls if name.endswith("delete_documents")]
    assert adds == ["catalyse_members.add_documents", "catalyse_members__rebuild.add_documents"]
    assert deletes == [
        "catalyse_members.delete_documents", "catalyse_members__rebuild.delete_documents"
    ]


def test_rebuild_fills_a_new_index_and_swaps_it_in(backend):
    seen = []
    batches = iter([[{"id": str(i)} for i in range(1500)], [{"id": "x"}]])
    assert backend.rebuild("members", SETTINGS, batches, seen.append) == 1501
    calls = [(name, arguments) for name, arguments in backend.client.calls
             if not name.startswith("get_")]
    names = [name for name, _ in calls]
    assert names == [
        "delete_index",  # a rebuild killed earlier left its index
        "create_index", "catalyse_members__rebuild.update_settings",
        "catalyse_members__rebuild.add_documents", "catalyse_members__rebuild.add_documents",
        "catalyse_members__rebuild.add_documents",
        "swap_indexes",
        "delete_index",  # the old index, now under the temporary name
    ]
    assert calls[1][1]["uid"] == "catalyse_members__rebuild"
    assert calls[2][1]["body"]["filterableAttributes"] == SETTINGS.filterable
    assert calls[6][1] == {"parameters": [
        {"indexes": ["catalyse_members", "catalyse_members__rebuild"]}]}
    assert calls[0][1]["uid"] == calls[7][1]["uid"] == "catalyse_members__rebuild"
    assert seen == [1500, 1501]
    # Nothing touched the live index before the swap: searches saw it whole.
    assert not [n for n in names[:6] if n.startswith("catalyse_members.")]


def test_rebuild_of_a_missing_index_creates_it_with_settings_before_the_swap(backend):
    backend.client.existing.clear()
    backend.rebuild("members", SETTINGS, iter([[{"id": "1"}]]))
    names = [name for name, _ in backend.client.calls if not name.startswith("get_")]
    swap = names.index("swap_indexes")
    assert names[swap - 2:swap] == ["create_index", "catalyse_members.update_settings"]


def test_a_failed_rebuild_keeps_the_old_index_and_drops_the_new(backend):
    backend.client.task_errors["add_documents"] = {"code": "internal", "message": "disk full"}
    with pytest.raises(MeilisearchRejected, match="disk full"):
        backend.rebuild("members", SETTINGS, iter([[{"id": "1"}]]))
    names = [name for name, _ in backend.client.calls if not name.startswith("get_")]
    assert "swap_indexes" not in names
    assert names[-1] == "delete_index"
    assert backend.client.named("delete_index")[-1] == {"uid": "catalyse_members__rebuild"}
    assert not [n for n in names if n.startswith("catalyse_members.")]


def test_a_rebuild_interrupted_by_the_database_drops_the_new_index(backend):
    def batches():
        yield [{"id": "1"}]
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        backend.rebuild("members", SETTINGS, batches())
    assert backend.client.named("delete_index")[-1] == {"uid": "catalyse_members__rebuild"}
    assert "catalyse_members__rebuild" not in backend.client.existing
    assert backend.client.named("swap_indexes") == []


def test_sort_after_relevance_keeps_meilisearch_default_rules(backend):
    backend.configure("members", IndexSettings(searchable=["name"], sort_first=False))
    body = backend.client.named("update_settings")[0]["body"]
    assert body["rankingRules"] == ["words", "typo", "proximity", "attribute", "sort",
                                    "exactness"]


# Synonyms within Meilisearch's rules (search/backends/synonyms.py) ----------------------------

STOPPED = IndexSettings(
    searchable=["name", "bio"],
    stop_words=["à", "de", "et", "d", "l"],
    synonyms={
        "aap": ["appel à projets", "appel"],
        "appel à projets": ["aap"],
        "ptce": ["pôle territorial de coopération économique"],
        "pôle territorial de coopération économique": ["ptce"],
        "de": ["et"],  # stop words only: nothing Meilisearch could apply
    },
)


def test_only_applicable_synonyms_are_sent_and_the_rest_is_indexed(backend):
    backend.configure("members", STOPPED)
    body = backend.client.named("update_settings")[0]["body"]
    assert body["synonyms"] == {"aap": ["appel"], "appel à projets": ["aap"]}
    assert body["searchableAttributes"] == ["name", "bio", "_synonyms"]  # last: hidden
    backend.index("members", [
        {"id": "1", "name": "Zoé", "bio": "Un Appel à Projets et un pôle territorial de "
                                          "coopération économique."},
        {"id": "2", "name": "Yves", "bio": "Rien."},
    ])
    sent = backend.client.named("add_documents")[0]["documents"]
    assert sent[0]["_synonyms"] == "aap . ptce"
    assert "_synonyms" not in sent[1]


def test_stop_words_inside_a_query_are_dropped_so_keys_are_found(backend):
    backend.prepare("members", STOPPED)
    for query in ["appel à projets", "l'appel d'offres", "de", "appel à", '"appel à projets"']:
        backend.search("members", query)
    sent = [a["query"] for a in backend.client.named("members.search")]
    assert sent == ["appel projets", "appel offres", "de", "appel à", '"appel à projets"']


def test_the_hidden_attribute_never_reaches_the_pages(configured):
    configured.client.search_response = {
        "hits": [{"id": "1", "name": "Zoé", "_synonyms": "aap"}], "estimatedTotalHits": 1}
    (hit,) = configured.search("members", "aap").hits
    assert hit.document == {"id": "1", "name": "Zoé"}


@pytest.mark.parametrize(
    ("form", "as_key", "as_value"),
    [
        ("ESS", True, True),
        ("économie sociale", True, True),
        ("économie sociale et solidaire", True, False),  # 3 words and a stop word inside
        ("pôle territorial de coopération économique", False, False),
        ("plan climat air énergie territorial", False, True),  # 5 words, no stop word
        ("l'économie sociale", True, True),  # an elision in front: fine
        ("et", False, False),
    ],
)
def test_what_meilisearch_applies(form, as_key, as_value):
    from search.backends.synonyms import folded_stop_words, usable_as_key, usable_as_value

    stops = folded_stop_words(["et", "de", "l", "d", "à"])
    assert (usable_as_key(form, stops), usable_as_value(form, stops)) == (as_key, as_value)


def test_meilisearch_limits_for_one_word_send_the_rest_to_indexing():
    from search.backends.synonyms import split

    values = [f"mot{i}" for i in range(60)]
    query_time, index_time = split({"clé": values}, [])
    assert query_time["clé"] == values[:50]
    assert sorted(index_time) == sorted((v,) for v in values[50:])
