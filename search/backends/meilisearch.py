"""Meilisearch engine through the official ``meilisearch`` client (DESIGN.md §6).

Keys: writes (index setup, documents, rebuilds) use the admin key (``api_key``); searches use
the search key (``search_api_key``) when there is one, else the admin key. Nothing on the search
path writes: indexes are created and given their settings at deploy, by ``search_setup`` (and
``search_reindex``); a process only learns their settings (``prepare``).

Every write waits for its Meilisearch task, so a method that returns means the change is
visible. The wait is bounded (``task_timeout``, seconds): its clock runs while the task waits in
Meilisearch's queue behind other work, and starts again once Meilisearch processes it, so a task
that got its turn is not cut short by the queue. A task still queued at the limit is cancelled,
so that retries do not pile up copies behind a busy engine. The setup and rebuild commands wait
longer (``setup_timeout``): a settings change re-indexes every document.

Errors degrade like an outage: ``SearchUnavailable`` (``MeilisearchRejected`` for a refused
write, ``SearchRequestError`` for a refused search, each with Meilisearch's code), so the pages
show their "search unavailable" message and the sync layer keeps the update and retries later.
A refused search (a deleted index, an index without its settings) is logged once per process
with the command that repairs it.
"""

import logging
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import requests
from django.core.exceptions import ImproperlyConfigured
from meilisearch import Client
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)

from search.backends.base import (
    Filters,
    IndexSettings,
    SearchBackend,
    SearchResults,
    SearchUnavailable,
)
from search.backends.meilisearch_requests import (
    MAX_QUERY_CHARS,
    build_filter,
    check_attribute,
    clean_query,
    facet_query,
    filter_value,
    query_text,
    ranking_rules,
    read_results,
    search_params,
    settings_body,
)
from search.backends.synonyms import expand, phrase_keys

__all__ = [
    "MAX_QUERY_CHARS",
    "MeilisearchBackend",
    "MeilisearchRejected",
    "SearchRequestError",
    "build_filter",
    "clean_query",
    "filter_value",
    "ranking_rules",
]

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# The index a rebuild fills before swapping it in: ``<uid>__rebuild``.
REBUILD_SUFFIX = "__rebuild"
REPAIR = "run `manage.py search_setup` (or `manage.py search_reindex` to rebuild it)"
FINISHED = {"succeeded", "failed", "canceled"}
_logged: set[tuple[str, str | None]] = set()


class SearchRequestError(SearchUnavailable):
    """Meilisearch refused a search (4xx: a deleted index, one without its settings, or a
    request we built wrong): the pages show their outage message, never a 500."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class MeilisearchRejected(SearchUnavailable):
    """A write that Meilisearch refused or whose task failed; ``code`` is Meilisearch's."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class MeilisearchTaskTimeout(SearchUnavailable):
    """A write whose task did not finish in time; it is retried (documents are replaced by
    primary key, so sending them again is harmless)."""


class MeilisearchBackend(SearchBackend):
    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        url = self.options.get("url")
        if not url:
            raise ImproperlyConfigured("The Meilisearch search backend needs OPTIONS['url'].")
        self.prefix = self.options.get("index_prefix", "catalyse_")
        if "task_timeout" in self.options:
            self.task_timeout = float(self.options["task_timeout"])
        else:
            self.task_timeout = float(self.options.get("task_timeout_ms", 30_000)) / 1000
        if not self.task_timeout > 0:
            raise ImproperlyConfigured("The Meilisearch task timeout must be a positive number.")
        self.setup_timeout = float(
            self.options.get("setup_timeout", max(self.task_timeout * 10, 300.0))
        )
        timeout = self.options.get("timeout", 5)
        admin_key = self.options.get("api_key") or None
        self.client = Client(url, admin_key, timeout=timeout)
        search_key = self.options.get("search_api_key") or None
        self.search_client = (
            Client(url, search_key, timeout=timeout) if search_key else self.client
        )
        self._settings: dict[str, IndexSettings] = {}

    # Plumbing ---------------------------------------------------------------------------------

    def uid(self, name: str) -> str:
        return f"{self.prefix}{name}"

    @contextmanager
    def _errors(self, *, write: bool, uid: str = "") -> Iterator[None]:
        """Translate client errors into ours (see the module docstring)."""
        try:
            yield
        except MeilisearchApiError as error:
            message = f"Meilisearch refused the request ({error.status_code}, {error.code}): " + (
                str(error.message)
            )
            if write:
                raise MeilisearchRejected(message, error.code) from error
            if error.status_code < 500 and (uid, error.code) not in _logged:
                _logged.add((uid, error.code))
                logger.error("Search on %s refused (%s): %s; %s", uid, error.code, message, REPAIR)
            raise SearchRequestError(message, error.code) from error
        except (MeilisearchCommunicationError, MeilisearchTimeoutError) as error:
            raise SearchUnavailable(f"Meilisearch cannot be reached: {error}") from error
        except requests.exceptions.RequestException as error:
            raise SearchUnavailable(f"Meilisearch cannot be reached: {error}") from error

    def _finish(self, task_uid: int, timeout: float) -> Any:
        """The task once finished. The clock runs while it is queued, and starts again when
        Meilisearch begins processing it; a task still queued at the limit is cancelled."""
        clock = time.monotonic()
        processing = False
        delay = 0.02
        while True:
            task = self.client.get_task(task_uid)
            if task.status in FINISHED:
                return task
            now = time.monotonic()
            if task.status == "processing" and not processing:
                processing, clock = True, now
            if now - clock >= timeout:
                if not processing:
                    self._cancel(task_uid)
                state = "still processing" if processing else "still queued behind other work"
                raise MeilisearchTaskTimeout(
                    f"Meilisearch task {task_uid} {state} after {timeout:g} s; retried later"
                )
            time.sleep(min(delay, max(timeout - (now - clock), 0.0)))
            delay = min(delay * 2, 0.5)

    def _cancel(self, task_uid: int) -> None:
        try:
            # The client joins list values as text: the uid is given as text.
            self.client.cancel_tasks({"uids": [str(task_uid)], "statuses": ["enqueued"]})
        except (MeilisearchApiError, MeilisearchCommunicationError, requests.RequestException):
            logger.warning("Could not cancel Meilisearch task %s", task_uid, exc_info=True)

    def _wait(
        self, task_info: Any, *, ignore: tuple[str, ...] = (), timeout: float | None = None
    ) -> None:
        """Wait for a task; raise unless it succeeded (or failed with an ignored code)."""
        task = self._finish(task_info.task_uid, timeout or self.task_timeout)
        if task.status == "succeeded":
            return
        error = task.error or {}
        code = error.get("code")
        if task.status == "failed" and code in ignore:
            return
        raise MeilisearchRejected(
            f"Meilisearch task {task.uid} ({task.type}) {task.status}: "
            f"{code}: {error.get('message', '')}",
            code,
        )

    def _exists(self, uid: str) -> bool:
        try:
            self.client.get_raw_index(uid)
        except MeilisearchApiError as error:
            if error.code == "index_not_found":
                return False
            raise
        return True

    def _set_up(self, uid: str, settings: IndexSettings, body: dict[str, Any]) -> None:
        """Create ``uid`` if needed and give it every setting."""
        created = self.client.create_index(uid, {"primaryKey": settings.primary_key})
        self._wait(created, ignore=("index_already_exists",), timeout=self.setup_timeout)
        self._wait(self.client.index(uid).update_settings(body), timeout=self.setup_timeout)

    def _drop(self, uid: str) -> None:
        self._wait(
            self.client.delete_index(uid), ignore=("index_not_found",), timeout=self.setup_timeout
        )

    def _targets(self, name: str, *, create: bool) -> list[str]:
        """The indexes a write goes to: the index, and the one a rebuild is filling (so that
        a change made during the rebuild is not lost when it is swapped in). A missing index
        is created again WITH its settings (``create``), never left to Meilisearch's automatic
        creation without them."""
        uid = self.uid(name)
        targets = []
        if self._exists(uid):
            targets.append(uid)
        elif create:
            settings = self._settings.get(name)
            if settings is None:
                raise SearchUnavailable(f"Search index {uid} does not exist; {REPAIR}")
            logger.warning("Search index %s was missing: created again with its settings", uid)
            self._set_up(uid, settings, settings_body(settings))
            targets.append(uid)
        if self._exists(uid + REBUILD_SUFFIX):
            targets.append(uid + REBUILD_SUFFIX)
        return targets

    # Interface --------------------------------------------------------------------------------

    def configure(self, name: str, settings: IndexSettings) -> None:
        body = settings_body(settings)
        with self._errors(write=True):
            self._set_up(self.uid(name), settings, body)
        self._settings[name] = settings

    def prepare(self, name: str, settings: IndexSettings) -> None:
        """Remember the settings the queries need; no request (see the module docstring)."""
        settings_body(settings)  # a bad setting fails here, not at deploy
        self._settings[name] = settings

    def rebuild(
        self,
        name: str,
        settings: IndexSettings,
        batches: Iterable[list[dict[str, Any]]],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Fill ``<uid>__rebuild`` with the settings and documents, then swap it with the
        index (``POST /swap-indexes``, atomic) and delete the old one. Searches see the old
        index until the swap; a failure deletes the new one and leaves the old as it was."""
        body = settings_body(settings)
        uid = self.uid(name)
        temporary = uid + REBUILD_SUFFIX
        done = 0
        with self._errors(write=True):
            self._drop(temporary)  # left by a rebuild that was killed
            try:
                self._set_up(temporary, settings, body)
                index = self.client.index(temporary)
                phrases = phrase_keys(settings.synonyms, settings.stop_words)
                for batch in batches:
                    batch = [expand(d, settings.searchable, phrases) for d in batch]
                    for start in range(0, len(batch), BATCH_SIZE):
                        task = index.add_documents(
                            batch[start : start + BATCH_SIZE], settings.primary_key
                        )
                        self._wait(task, timeout=self.setup_timeout)
                    done += len(batch)
                    if progress:
                        progress(done)
                if not self._exists(uid):  # swapping needs both; never an index without settings
                    self._set_up(uid, settings, body)
                swap = self.client.swap_indexes([{"indexes": [uid, temporary]}])
                self._wait(swap, timeout=self.setup_timeout)
            except BaseException:
                self._drop_quietly(temporary)
                raise
            self._drop_quietly(temporary)  # now the old index
        self._settings[name] = settings
        return done

    def _drop_quietly(self, uid: str) -> None:
        try:
            with self._errors(write=True):
                self._drop(uid)
        except SearchUnavailable:
            logger.warning("Could not delete the search index %s", uid, exc_info=True)

    def index(self, name: str, documents: list[dict[str, Any]]) -> None:
        if not documents:
            return
        settings = self._settings.get(name)
        # Unknown here (not prepared in this process): let the index keep its own key.
        primary_key = settings.primary_key if settings else None
        if settings:
            phrases = phrase_keys(settings.synonyms, settings.stop_words)
            documents = [expand(d, settings.searchable, phrases) for d in documents]
        with self._errors(write=True):
            for uid in self._targets(name, create=True):
                index = self.client.index(uid)
                for start in range(0, len(documents), BATCH_SIZE):
                    batch = documents[start : start + BATCH_SIZE]
                    self._wait(index.add_documents(batch, primary_key))

    def delete(self, name: str, ids: list[str]) -> None:
        if not ids:
            return  # the client would send a delete-by-filter with no filter
        with self._errors(write=True), warnings.catch_warnings():
            # 0.43 marks ``ids`` deprecated in favour of filters; the delete-batch route it
            # uses is a stable API route and needs no filterable primary key.
            warnings.simplefilter("ignore", DeprecationWarning)
            for uid in self._targets(name, create=False):
                index = self.client.index(uid)
                for start in range(0, len(ids), BATCH_SIZE):
                    chunk = [str(i) for i in ids[start : start + BATCH_SIZE]]
                    self._wait(index.delete_documents(chunk), ignore=("index_not_found",))

    def reset(self, name: str) -> None:
        with self._errors(write=True):
            task = self.client.index(self.uid(name)).delete_all_documents()
            self._wait(task, ignore=("index_not_found",))

    def count(self, name: str) -> int:
        uid = self.uid(name)
        with self._errors(write=True):
            pending = self.client.get_tasks(
                {"indexUids": [uid], "statuses": ["enqueued", "processing"], "limit": 1}
            )
            if pending.results:  # newest first; tasks of one index run in order
                self._finish(pending.results[0].uid, self.setup_timeout)
            try:
                return self.client.index(uid).get_stats().number_of_documents
            except MeilisearchApiError as error:
                if error.code == "index_not_found":
                    return 0
                raise

    def search(
        self,
        name: str,
        query: str,
        *,
        filters: Filters | None = None,
        facets: list[str] | None = None,
        sort: list[str] | None = None,
        limit: int = 20,
        offset: int = 0,
        attributes: list[str] | None = None,
        facet_filters: dict[str, Filters] | None = None,
    ) -> SearchResults:
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        filters = filters or {}
        for key in filters:
            check_attribute(key)
        settings = self._settings.get(name)
        params, highlighted = search_params(
            settings, filters=filters, facets=facets, sort=sort, limit=limit, offset=offset,
            attributes=attributes,
        )
        if any(not values for values in filters.values()):
            # A key with no allowed value matches nothing (an access filter that excludes all).
            return SearchResults(hits=[], total=0, facets={f: {} for f in facets or []})
        uid = self.uid(name)
        with self._errors(write=False, uid=uid):
            text = query_text(query, settings)
            # Facets counted under other filters (a key with no allowed value: nothing).
            elsewhere = {
                facet: other for facet, other in (facet_filters or {}).items()
                if facet in (facets or []) and all(other.values())
            }
            if not elsewhere:
                response = self.search_client.index(uid).search(text, params)
            else:  # the page and those counts in one request
                main = {"indexUid": uid, "q": text, **params}
                response, *counted = self.search_client.multi_search(
                    [main] + [facet_query(main, f, other) for f, other in elsewhere.items()]
                )["results"]
        primary_key = settings.primary_key if settings else "id"
        results = read_results(response, primary_key, highlighted, facets or [])
        for facet in facet_filters or {}:
            if facet in results.facets:
                results.facets[facet] = {}
        for facet, answer in zip(elsewhere, counted if elsewhere else [], strict=True):
            results.facets[facet] = dict((answer.get("facetDistribution") or {}).get(facet, {}))
        return results
