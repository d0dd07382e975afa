"""Unit tests of what the Meilisearch backend sends and how it reads the answers.

``meilisearch.Client`` is replaced by a recorder at the client-object level: every call is bound
against the REAL client method's signature (so a call the installed client would reject fails
here), and the answers are the client's own models built from server-shaped JSON. The contract
suite, not this file, checks behaviour against a real server.
"""

import inspect
import json
import time

import meilisearch
import pytest
import requests
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError
from meilisearch.index import Index
from meilisearch.models.index import IndexStats
from meilisearch.models.task import Task, TaskInfo, TaskResults

from search.backends import meilisearch as backend_module
from search.backends.base import HIGHLIGHT_END, HIGHLIGHT_START, IndexSettings, SearchUnavailable
from search.backends.meilisearch import (
    MeilisearchBackend,
    MeilisearchRejected,
    SearchRequestError,
    build_filter,
    clean_query,
)

WHEN = "2025-01-01T00:00:00.000000Z"
SETTINGS = IndexSettings(
    searchable=["name", "bio", "metiers"],
    filterable=["metiers", "region", "is_hidden", "project_id"],
    sortable=["name", "created"],
    highlighted=["name", "metiers"],
    synonyms={"dev": ["développeur"], "développeur": ["dev"]},
    stop_words=["le", "la"],
)


def api_error(status: int, code: str) -> MeilisearchApiError:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps({"message": f"{code}!", "code": code, "type": "x"}).encode()
    return MeilisearchApiError("error", response)


class FakeIndex:
    def __init__(self, client: "FakeClient", uid: str) -> None:
        self.client, self.uid = client, uid

    def __getattr__(self, method: str):
        real = getattr(Index, method)  # AttributeError for a method the real client lacks
        return lambda *args, **kwargs: self.client.call(f"{self.uid}.{method}", real, args, kwargs)


class FakeClient:
    """Records ``(name, bound arguments)``; answers like a server that does as it is told."""

    def __init__(self, url, api_key=None, timeout=None, **kwargs) -> None:
        inspect.signature(meilisearch.Client).bind(url, api_key, timeout=timeout, **kwargs)
        self.url, self.api_key, self.timeout = url, api_key, timeout
        self.calls: list[tuple[str, dict]] = []
        self.next_uid = 0
        self.task_errors: dict[str, dict] = {}  # method -> error of the task it enqueues
        self.tasks: dict[int, Task] = {}
        self.raises: dict[str, Exception] = {}
        self.search_response: dict = {"hits": [], "estimatedTotalHits": 0}
        self.pending: list[int] = []
        self.documents = 0

    def call(self, name: str, real, args, kwargs):
        bound = inspect.signature(real).bind(None, *args, **kwargs).arguments
        bound.pop("self", None)
        self.calls.append((name, dict(bound)))
        method = name.rsplit(".", 1)[-1]
        if method in self.raises:
            raise self.raises[method]
        if method == "search":
            return self.search_response
        if method == "get_stats":
            return IndexStats(
                numberOfDocuments=self.documents, isIndexing=False, fieldDistribution={}
            )
        if method == "get_tasks":
            results = [self._task(uid, "enqueued") for uid in self.pending]
            return TaskResults(results=results, limit=1, total=len(results), **{"from": None,
                                                                                 "next": None})
        if method == "wait_for_task":
            return self.tasks.get(bound["uid"]) or self._task(bound["uid"], "succeeded")
        self.next_uid += 1
        error = self.task_errors.get(method)
        self.tasks[self.next_uid] = self._task(
            self.next_uid, "failed" if error else "succeeded", error
        )
        return TaskInfo(taskUid=self.next_uid, indexUid=None, status="enqueued", type=method,
                        enqueuedAt=WHEN)

    @staticmethod
    def _task(uid: int, status: str, error: dict | None = None) -> Task:
        return Task(uid=uid, status=status, type="x", error=error, enqueuedAt=WHEN)

    def index(self, uid: str) -> FakeIndex:
        return FakeIndex(self, uid)

    def __getattr__(self, method: str):
        real = getattr(meilisearch.Client, method)
        return lambda *args, **kwargs: self.call(method, real, args, kwargs)

    def named(self, suffix: str) -> list[dict]:
        return [arguments for name, arguments in self.calls if name.endswith(suffix)]


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
    assert names == ["create_index", "wait_for_task", "catalyse_members.update_settings",
                     "wait_for_task"]
    assert backend.client.calls[0][1] == {"uid": "catalyse_members",
                                          "options": {"primaryKey": "id"}}
    assert all(a["timeout_in_ms"] == 3000 for a in backend.client.named("wait_for_task"))
    body = backend.client.named("update_settings")[0]["body"]
    assert body["searchableAttributes"] == ["name", "bio", "metiers"]  # order kept
    assert body["filterableAttributes"] == ["metiers", "region", "is_hidden", "project_id"]
    assert body["sortableAttributes"] == ["name", "created"]
    assert body["displayedAttributes"] == ["*"]
    assert body["synonyms"] == {"dev": ["développeur"], "développeur": ["dev"]}
    assert body["stopWords"] == ["le", "la"]
    assert body["typoTolerance"] == {"enabled": True, "disableOnWords": []}
    assert body["rankingRules"] == [
        "words", "typo", "proximity", "attribute", "sort", "exactness"
    ]
    assert body["pagination"] == {"maxTotalHits": 100_000}
    assert body["faceting"] == {"maxValuesPerFacet": 1000}


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
    assert names == ["catalyse_members.add_documents", "wait_for_task"] * 3
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
    assert configured.client.named("wait_for_task")[0]["uid"] == 7


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


def test_invalid_search_is_a_request_error(configured):
    configured.client.raises["search"] = api_error(400, "invalid_search_filter")
    with pytest.raises(SearchRequestError, match="invalid_search_filter") as caught:
        configured.search("members", "q", filters={"unknown": ["x"]})
    assert not isinstance(caught.value, SearchUnavailable)
    assert caught.value.code == "invalid_search_filter"


def test_search_on_a_deleted_index_is_unavailable(configured):
    configured.client.raises["search"] = api_error(404, "index_not_found")
    with pytest.raises(SearchUnavailable, match="index_not_found"):
        configured.search("members", "q")


def test_task_timeout_is_unavailable(configured, monkeypatch):
    def slow(*args, **kwargs):
        raise meilisearch.errors.MeilisearchTimeoutError("too slow")

    monkeypatch.setattr(configured.client, "wait_for_task", slow, raising=False)
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
        "words", "typo", "proximity", "attribute", "sort", "exactness", "name_sort:asc"
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
