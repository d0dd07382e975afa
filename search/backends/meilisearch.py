"""Meilisearch engine through the official ``meilisearch`` client (DESIGN.md §6).

Every write waits for its Meilisearch task, so a method that returns means the change is visible.
Errors are sorted in two kinds:

- the engine cannot do it now (unreachable, 5xx, timeout, auth, a task that failed):
  ``SearchUnavailable`` (``MeilisearchRejected`` for a refused write, with its error code), so
  the sync layer keeps the update and retries later;
- a search we built wrong (4xx such as ``invalid_search_filter``): ``SearchRequestError``, a bug
  to fix, never mistaken for an outage.

Filters are built here from the structured ``Filters`` dict with every value quoted and escaped;
the query text is never part of the filter.
"""

import re
import unicodedata
import warnings
from collections.abc import Iterator
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
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    MATCHING_STRATEGIES,
    Filters,
    FilterValue,
    Hit,
    IndexSettings,
    SearchBackend,
    SearchResults,
    SearchUnavailable,
)

BATCH_SIZE = 1000
MAX_QUERY_CHARS = 500
MAX_TOTAL_HITS = 100_000
MAX_VALUES_PER_FACET = 1000

ATTRIBUTE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
# Words the filter parser reserves; an attribute spelled like one would change the expression.
RESERVED = {
    "AND",
    "OR",
    "IN",
    "NOT",
    "TO",
    "EXISTS",
    "IS",
    "NULL",
    "EMPTY",
    "CONTAINS",
    "STARTS",
    "WITH",
}
SORT_DIRECTIONS = {"asc", "desc"}
# Meilisearch's default rules, in its order; an index's tie breaker comes last.
RANKING_RULES = ["words", "typo", "proximity", "attribute", "sort", "exactness"]
# HTTP statuses that say "not now" rather than "wrong request".
UNAVAILABLE_STATUSES = {401, 403, 408, 429}
_SPACES = re.compile(r"\s+")


class SearchRequestError(Exception):
    """Meilisearch refused a request as invalid (4xx): a programming error, not an outage."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class MeilisearchRejected(SearchUnavailable):
    """A write that Meilisearch refused or whose task failed; ``code`` is Meilisearch's."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


def _check_attribute(name: str) -> str:
    if (
        not isinstance(name, str)
        or not ATTRIBUTE.match(name)
        or name in RESERVED
        or name.startswith("_geo")
    ):
        raise ValueError(f"Invalid search attribute name: {name!r}")
    return name


def filter_value(value: FilterValue) -> str:
    """One filter value; strings double-quoted, ``\\`` and ``"`` escaped (Meilisearch >= 1.4)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise TypeError(f"Unsupported filter value {value!r} ({type(value).__name__})")


def build_filter(filters: Filters | None) -> str | None:
    """``{"a": ["x", "y"], "b": [True]}`` -> ``(a = "x" OR a = "y") AND (b = true)``."""
    clauses = []
    for key, values in (filters or {}).items():
        _check_attribute(key)
        if isinstance(values, str | bytes) or not isinstance(values, list | tuple | set):
            raise TypeError(f"Filter values for {key!r} must be a list, not {values!r}")
        if not values:
            raise ValueError(f"Filter {key!r} has no values")
        clauses.append("(" + " OR ".join(f"{key} = {filter_value(v)}" for v in values) + ")")
    return " AND ".join(clauses) or None


def clean_query(text: str) -> str:
    """Drop control, zero-width and private-use characters (our highlight marks), cap length."""
    kept = "".join(
        " " if unicodedata.category(char)[0] == "C" else char
        for char in (text or "")[: MAX_QUERY_CHARS * 4]
    )
    return _SPACES.sub(" ", kept).strip()[:MAX_QUERY_CHARS]


def ranking_rules(settings: IndexSettings) -> list[str]:
    """The ranking rules of an index: Meilisearch's, then its tie breaker (a sortable
    attribute), so that equal scores keep one order between runs and reindexes."""
    if not settings.tie_breaker:
        return list(RANKING_RULES)
    if settings.tie_breaker not in settings.sortable:
        raise ValueError(f"The tie breaker {settings.tie_breaker!r} must be sortable")
    return [*RANKING_RULES, f"{_check_attribute(settings.tie_breaker)}:asc"]


def exact_last_word(query: str, exact_words: set[str]) -> str:
    """``query``, followed by a space when its last word must not match as a prefix (an
    acronym): Meilisearch treats the last word as a prefix only when nothing follows it."""
    last = re.findall(r"[^\W_]+", query)[-1:]
    return f"{query} " if last and last[0].casefold() in exact_words else query


def _check_sort(item: str) -> str:
    field, _, direction = item.rpartition(":")
    if direction not in SORT_DIRECTIONS:
        raise ValueError(f"Sort {item!r} must be 'field:asc' or 'field:desc'")
    _check_attribute(field)
    return item


class MeilisearchBackend(SearchBackend):
    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        url = self.options.get("url")
        if not url:
            raise ImproperlyConfigured("The Meilisearch search backend needs OPTIONS['url'].")
        self.prefix = self.options.get("index_prefix", "catalyse_")
        self.task_timeout_ms = int(self.options.get("task_timeout_ms", 10_000))
        self.client = Client(
            url, self.options.get("api_key") or None, timeout=self.options.get("timeout", 5)
        )
        self._settings: dict[str, IndexSettings] = {}

    # Plumbing ---------------------------------------------------------------------------------

    def uid(self, name: str) -> str:
        return f"{self.prefix}{name}"

    @contextmanager
    def _errors(self, *, write: bool) -> Iterator[None]:
        """Translate client errors into ours (see the module docstring)."""
        try:
            yield
        except MeilisearchApiError as error:
            message = f"Meilisearch refused the request ({error.status_code}, {error.code}): " + (
                str(error.message)
            )
            if (
                error.status_code >= 500
                or error.status_code in UNAVAILABLE_STATUSES
                or error.code == "index_not_found"  # deleted behind our back: reindex
            ):
                raise SearchUnavailable(message) from error
            if write:
                raise MeilisearchRejected(message, error.code) from error
            raise SearchRequestError(message, error.code) from error
        except (MeilisearchCommunicationError, MeilisearchTimeoutError) as error:
            raise SearchUnavailable(f"Meilisearch cannot be reached: {error}") from error
        except requests.exceptions.RequestException as error:
            raise SearchUnavailable(f"Meilisearch cannot be reached: {error}") from error

    def _wait(self, task_info: Any, *, ignore: tuple[str, ...] = ()) -> None:
        """Wait for a task; raise unless it succeeded (or failed with an ignored code)."""
        task = self.client.wait_for_task(task_info.task_uid, timeout_in_ms=self.task_timeout_ms)
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

    # Interface --------------------------------------------------------------------------------

    def configure(self, name: str, settings: IndexSettings) -> None:
        for attribute in [*settings.searchable, *settings.filterable, *settings.sortable]:
            _check_attribute(attribute)
        if settings.matching_strategy not in MATCHING_STRATEGIES:
            raise ValueError(f"Unknown matching strategy {settings.matching_strategy!r}")
        uid = self.uid(name)
        body = {
            "searchableAttributes": list(settings.searchable),
            "filterableAttributes": list(settings.filterable),
            "sortableAttributes": list(settings.sortable),
            "displayedAttributes": ["*"],
            "synonyms": {word: list(same) for word, same in settings.synonyms.items()},
            "stopWords": list(settings.stop_words),
            "rankingRules": ranking_rules(settings),
            # Acronyms: no typo (and, at the end of a query, no prefix: see ``search``).
            "typoTolerance": {
                "enabled": True,
                "disableOnWords": [word.casefold() for word in settings.exact_words],
            },
            "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
            "faceting": {"maxValuesPerFacet": MAX_VALUES_PER_FACET},
        }
        with self._errors(write=True):
            created = self.client.create_index(uid, {"primaryKey": settings.primary_key})
            self._wait(created, ignore=("index_already_exists",))
            self._wait(self.client.index(uid).update_settings(body))
        self._settings[name] = settings

    def index(self, name: str, documents: list[dict[str, Any]]) -> None:
        if not documents:
            return
        settings = self._settings.get(name)
        # Unknown here (not configured by this process): let the index keep its own key.
        primary_key = settings.primary_key if settings else None
        index = self.client.index(self.uid(name))
        with self._errors(write=True):
            for start in range(0, len(documents), BATCH_SIZE):
                batch = documents[start : start + BATCH_SIZE]
                self._wait(index.add_documents(batch, primary_key))

    def delete(self, name: str, ids: list[str]) -> None:
        if not ids:
            return  # the client would send a delete-by-filter with no filter
        index = self.client.index(self.uid(name))
        with self._errors(write=True), warnings.catch_warnings():
            # 0.43 marks ``ids`` deprecated in favour of filters; the delete-batch route it
            # uses is a stable API route and needs no filterable primary key.
            warnings.simplefilter("ignore", DeprecationWarning)
            for start in range(0, len(ids), BATCH_SIZE):
                task = index.delete_documents([str(i) for i in ids[start : start + BATCH_SIZE]])
                self._wait(task, ignore=("index_not_found",))

    def reset(self, name: str) -> None:
        with self._errors(write=True):
            task = self.client.index(self.uid(name)).delete_all_documents()
            self._wait(task, ignore=("index_not_found",))

    def count(self, name: str) -> int:
        uid = self.uid(name)
        with self._errors(write=False):
            pending = self.client.get_tasks(
                {"indexUids": [uid], "statuses": ["enqueued", "processing"], "limit": 1}
            )
            if pending.results:  # newest first; tasks of one index run in order
                self.client.wait_for_task(
                    pending.results[0].uid, timeout_in_ms=self.task_timeout_ms
                )
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
    ) -> SearchResults:
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        filters = filters or {}
        for key in filters:
            _check_attribute(key)
        settings = self._settings.get(name)
        # The index's strategy, as the embedded engine applies it ("all" when not configured
        # by this process: every word must match).
        strategy = settings.matching_strategy if settings else "all"
        params: dict[str, Any] = {"limit": limit, "offset": offset, "matchingStrategy": strategy}
        expression = build_filter({key: values for key, values in filters.items() if values})
        if expression:
            params["filter"] = expression
        if facets:
            params["facets"] = [_check_attribute(f) for f in facets]
        if sort:
            params["sort"] = [_check_sort(s) for s in sort]
        if attributes is not None:
            params["attributesToSearchOn"] = [_check_attribute(a) for a in attributes]
        if any(not values for values in filters.values()):
            # A key with no allowed value matches nothing (an access filter that excludes all).
            return SearchResults(hits=[], total=0, facets={f: {} for f in facets or []})
        highlighted = list(settings.highlighted) if settings else []
        if highlighted:
            params["attributesToHighlight"] = highlighted
            params["highlightPreTag"] = HIGHLIGHT_START
            params["highlightPostTag"] = HIGHLIGHT_END
        with self._errors(write=False):
            text = clean_query(query)
            if settings and settings.exact_words:
                text = exact_last_word(text, {w.casefold() for w in settings.exact_words})
            response = self.client.index(self.uid(name)).search(text, params)
        primary_key = settings.primary_key if settings else "id"
        return self._results(response, primary_key, highlighted, facets or [])

    @staticmethod
    def _results(
        response: dict[str, Any], primary_key: str, highlighted: list[str], facets: list[str]
    ) -> SearchResults:
        hits = []
        for raw in response.get("hits", []):
            formatted = raw.get("_formatted") or {}
            hits.append(
                Hit(
                    id=str(raw[primary_key]),
                    document={k: v for k, v in raw.items() if not k.startswith("_")},
                    highlighted={a: formatted[a] for a in highlighted if a in formatted},
                )
            )
        total = response.get("totalHits", response.get("estimatedTotalHits", len(hits)))
        distribution = response.get("facetDistribution") or {}
        return SearchResults(
            hits=hits,
            total=int(total),
            facets={f: dict(distribution.get(f, {})) for f in facets},
        )
