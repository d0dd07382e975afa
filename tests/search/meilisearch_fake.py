"""A stand-in for ``meilisearch.Client`` (tests without a server): every call is bound against
the REAL client method's signature (so a call the installed client would reject fails here), and
the answers are the client's own models built from server-shaped JSON."""

import inspect
import json

import meilisearch
import requests
from meilisearch.errors import MeilisearchApiError
from meilisearch.index import Index
from meilisearch.models.index import IndexStats
from meilisearch.models.task import Task, TaskInfo, TaskResults

WHEN = "2025-01-01T00:00:00.000000Z"


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
        self.statuses: dict[int, list[str]] = {}  # task uid -> statuses get_task answers first
        self.raises: dict[str, Exception] = {}
        self.search_response: dict = {"hits": [], "estimatedTotalHits": 0}
        self.facet_responses: list[dict] = []
        self.pending: list[int] = []
        self.documents = 0
        self.existing: set[str] = {"catalyse_members"}  # the indexes the server has

    def call(self, name: str, real, args, kwargs):
        bound = inspect.signature(real).bind(None, *args, **kwargs).arguments
        bound.pop("self", None)
        self.calls.append((name, dict(bound)))
        method = name.rsplit(".", 1)[-1]
        if method in self.raises:
            raise self.raises[method]
        if method == "search":
            return self.search_response
        if method == "multi_search":  # the page, then one answer per facet counted apart
            return {"results": [self.search_response, *self.facet_responses]}
        if method == "get_stats":
            return IndexStats(
                numberOfDocuments=self.documents, isIndexing=False, fieldDistribution={}
            )
        if method == "get_tasks":
            results = [self._task(uid, "enqueued") for uid in self.pending]
            return TaskResults(results=results, limit=1, total=len(results), **{"from": None,
                                                                                 "next": None})
        if method == "get_task":
            waiting = self.statuses.get(bound["uid"])
            if waiting:
                return self._task(bound["uid"], waiting.pop(0))
            return self.tasks.get(bound["uid"]) or self._task(bound["uid"], "succeeded")
        if method == "get_raw_index":
            if bound["uid"] not in self.existing:
                raise api_error(404, "index_not_found")
            return {"uid": bound["uid"], "primaryKey": "id"}
        error = self.task_errors.get(method)
        if not error:  # what the server does once the task runs
            if method == "create_index":
                self.existing.add(bound["uid"])
            elif method == "delete_index":
                self.existing.discard(bound["uid"])
        self.next_uid += 1
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
