"""The small interface every search engine implements (DESIGN.md §6).

Filters are structured, never strings: ``{"region": ["bretagne"], "metiers": ["a", "b"]}`` means
region is bretagne AND métiers contains a OR b. Each backend turns them into its own syntax, so
user input can never be read as query syntax.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# Private-use characters around matched text in ``Hit.highlighted``: never typed by people, and
# safe to find again after HTML-escaping (see search.templatetags.search_tags.highlight).
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"

FilterValue = str | int | bool
Filters = dict[str, list[FilterValue]]


class SearchUnavailable(Exception):
    """The engine cannot be reached or refused the operation; the caller may retry later."""


@dataclass(frozen=True)
class IndexSettings:
    """How an index behaves, in the same words for every backend."""

    searchable: list[str]  # most important first
    filterable: list[str] = field(default_factory=list)
    sortable: list[str] = field(default_factory=list)
    highlighted: list[str] = field(default_factory=list)
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # Meilisearch's shape
    stop_words: list[str] = field(default_factory=list)
    primary_key: str = "id"
    # Meilisearch's ``matchingStrategy``: "all" (every word must match), "last" (all words
    # first, then fewer, dropping words from the end) or "frequency" (dropping the most common
    # words first); a document must match at least the word that is never dropped.
    matching_strategy: str = "all"
    # Words matched whole only: no prefix, no typo, no stem (acronyms: "ESS" never finds
    # "Essaimage", "AMI" never finds "Amiens"). Meilisearch's ``typoTolerance.disableOnWords``.
    exact_words: list[str] = field(default_factory=list)
    # A sortable attribute ordering equal scores (ascending), so that ties keep their order
    # between runs and reindexes; empty: the primary key.
    tie_breaker: str = ""
    # Where a requested ``sort`` ranks. True: right after the number of query words matched
    # ("newest first" with a query is newest first among the best matches; Meilisearch's
    # ranking rules ``words, sort, typo...``). False: Meilisearch's default place, after
    # relevance: the sort only orders results that are equally relevant.
    sort_first: bool = True


MATCHING_STRATEGIES = ("all", "last", "frequency")


@dataclass
class Hit:
    id: str
    document: dict[str, Any]
    # Same keys as ``document`` for the highlighted attributes, matched parts wrapped in
    # HIGHLIGHT_START / HIGHLIGHT_END; list attributes stay lists.
    highlighted: dict[str, Any] = field(default_factory=dict)


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class SearchBackend(ABC):
    """One engine. Index names are logical (``members``); a backend may prefix them."""

    # True when ``configure`` itself rewrites the stored documents whose indexing depends on
    # the settings (the embedded engine writes ``_synonyms`` again); otherwise a change of the
    # index-time synonyms sends the documents again (``indexing.reconfigure_vocabulary_indexes``).
    configure_rewrites_documents = False

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        self.options = options or {}

    @abstractmethod
    def configure(self, name: str, settings: IndexSettings) -> None:
        """Create the index if needed and apply its settings (idempotent)."""

    def prepare(self, name: str, settings: IndexSettings) -> None:
        """Get ready to search and write ``name`` in this process, before its first use.

        Must not write to a shared engine (a search may run with a search-only key, and every
        process would race to configure): Meilisearch only remembers the settings it needs at
        query time; indexes are set up at deploy (``manage.py search_setup``). The default,
        for an engine private to this machine (the embedded one), configures the index, so
        that a newcomer's first use sets it up with no command run."""
        self.configure(name, settings)

    def rebuild(
        self,
        name: str,
        settings: IndexSettings,
        batches: Iterable[list[dict[str, Any]]],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Replace every document of ``name`` with ``batches``, applying ``settings``; return
        the number of documents. Engines build a new index and switch to it once complete, so
        that searches see the old full index meanwhile and a failed rebuild leaves it as it
        was. This default (an engine without that ability) rebuilds in place."""
        self.configure(name, settings)
        self.reset(name)
        done = 0
        for batch in batches:
            self.index(name, batch)
            done += len(batch)
            if progress:
                progress(done)
        return done

    @abstractmethod
    def index(self, name: str, documents: list[dict[str, Any]]) -> None:
        """Add or replace documents, by primary key."""

    @abstractmethod
    def delete(self, name: str, ids: list[str]) -> None:
        """Remove documents; unknown ids are ignored."""

    @abstractmethod
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
        """Documents matching ``query`` (empty: all) and ``filters``, with facet counts.

        ``sort`` items are ``"field:asc"`` or ``"field:desc"``; without it, relevance.
        ``attributes``: search the words in these searchable attributes only (Meilisearch's
        ``attributesToSearchOn``); None: all of them.
        ``facet_filters``: facets (among ``facets``) counted among the documents that match
        the query and these filters instead of ``filters``: a facet in use counted without its
        own filter, in the same call (one request, one parse of the query).
        """

    @abstractmethod
    def count(self, name: str) -> int:
        """Number of documents in the index."""

    @abstractmethod
    def reset(self, name: str) -> None:
        """Remove every document (the settings stay)."""
