"""Embedded engine on tantivy, for a single server without Meilisearch (DESIGN.md §6).

Layout under ``OPTIONS["path"]``: ``<name>/settings.json`` (the IndexSettings and the current
generation) and ``<name>/<generation>/`` (the tantivy index). A settings change that alters the
schema builds a new generation from the stored documents, then switches the sidecar atomically;
other processes notice the new sidecar and reopen.

Fields are named by position in the settings lists: see ``embedded_schema``.

Query semantics follow Meilisearch's: a word matches (in any searchable attribute) by exact
folded word, stem, prefix (the last word, and every word of 3+ letters) or with typos (1 from 5
letters, 2 from 9), except the ``exact_words`` (acronyms), matched whole only. Every word must
match, or with ``matching_strategy`` "last"/"frequency" documents with all the words come first,
then fewer (see ``embedded_queries.text_query``). Then fewer typos, words close together,
earlier attributes and exact matches score higher; equal scores are ordered by the
``tie_breaker`` attribute (or the primary key). Synonym keys in the query also accept any of
their alternatives, matched as phrases and scored like the words they replace.

Writes hold a process lock per index and a short-lived tantivy writer (the file lock serialises
processes); each call commits and reloads, so what it wrote is searchable when it returns.
"""

import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tantivy
from django.core.exceptions import ImproperlyConfigured
from tantivy import Query

from search.backends.base import (
    MATCHING_STRATEGIES,
    Filters,
    IndexSettings,
    SearchBackend,
    SearchResults,
    SearchUnavailable,
)
from search.backends.embedded_generations import SourceFailed, fill, stored_documents
from search.backends.embedded_highlight import Highlighter
from search.backends.embedded_queries import filter_query, parse_sort, position, text_query
from search.backends.embedded_results import facet_counts, hit, page, relevance_then_sorted
from search.backends.embedded_schema import build_document, build_schema, layout
from search.backends.embedded_sidecar import FORMAT, SIDECAR, Handle, open_handle, save_sidecar
from search.backends.embedded_text import (
    parse_query,
    register_analyzers,
    utf8,
)
from search.backends.synonyms import expand, phrase_keys, with_synonym_field

logger = logging.getLogger(__name__)

WRITER_HEAP = 48_000_000
NEXT = "next-"  # a generation a rebuild is filling
INDEX_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")

_locks: dict[str, threading.RLock] = {}
_locks_guard = threading.Lock()


def _lock(directory: Path) -> threading.RLock:
    with _locks_guard:
        return _locks.setdefault(str(directory.absolute()), threading.RLock())


class _NotConfigured(SearchUnavailable):
    pass




class EmbeddedBackend(SearchBackend):
    configure_rewrites_documents = True  # a new generation, ``_synonyms`` written afresh

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        if not self.options.get("path"):
            raise ImproperlyConfigured("The embedded search backend needs OPTIONS['path'].")
        self.root = Path(self.options["path"])
        self.lock_timeout = float(self.options.get("lock_timeout", 10))
        self._handles: dict[str, Handle] = {}

    # Plumbing ---------------------------------------------------------------------------------

    def _directory(self, name: str) -> Path:
        if not INDEX_NAME.match(name):
            raise ValueError(f"Invalid index name {name!r}")
        return self.root / name

    @contextmanager
    def _errors(self, name: str, action: str) -> Iterator[None]:
        try:
            yield
        except SearchUnavailable:
            raise
        except (OSError, ValueError, RuntimeError, KeyError, TypeError) as error:
            raise SearchUnavailable(
                f"Embedded search index {name!r}: cannot {action}: {error}"
            ) from error

    def _handle(self, name: str) -> Handle:
        """The open index, reopened when another process or instance changed the sidecar."""
        sidecar = self._directory(name) / SIDECAR
        with self._errors(name, "open"):
            try:
                stat = sidecar.stat()
            except FileNotFoundError:
                raise _NotConfigured(f"Search index {name!r} is not configured") from None
            stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            handle = self._handles.get(name)
            if handle is None or handle.stamp != stamp:
                handle = open_handle(sidecar, stamp)
                self._handles[name] = handle
            return handle

    def _write(
        self,
        name: str,
        action: str,
        change: Callable[[tantivy.IndexWriter, Handle], Any],
        *,
        missing_ok: bool = False,
    ) -> None:
        directory = self._directory(name)
        with _lock(directory), self._errors(name, action):
            try:
                handle = self._handle(name)
            except _NotConfigured:
                if missing_ok:
                    return
                raise
            writer = self._writer(handle.index)
            try:
                change(writer, handle)
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # releases the writer lock
            handle.index.reload()

    def _writer(self, index: tantivy.Index) -> tantivy.IndexWriter:
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                return index.writer(WRITER_HEAP, 1)
            except ValueError as error:  # another process holds the writer lock
                if "LockBusy" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # Interface --------------------------------------------------------------------------------

    @staticmethod
    def _check(settings: IndexSettings) -> None:
        if settings.matching_strategy not in MATCHING_STRATEGIES:
            raise ValueError(f"Unknown matching strategy {settings.matching_strategy!r}")
        if settings.tie_breaker and settings.tie_breaker not in settings.sortable:
            raise ValueError(f"The tie breaker {settings.tie_breaker!r} must be sortable")

    def configure(self, name: str, settings: IndexSettings) -> None:
        self._check(settings)
        settings = with_synonym_field(settings)
        directory = self._directory(name)
        with _lock(directory), self._errors(name, "configure"):
            directory.mkdir(parents=True, exist_ok=True)
            try:
                current: Handle | None = self._handle(name)
            except SearchUnavailable as error:  # missing or corrupt: rebuilt below
                if not isinstance(error, _NotConfigured):
                    logger.warning("Rebuilding search index %r: %s", name, error)
                current = None
            # An index of another format gets a new generation below, its documents carried over.
            same_format = current is not None and current.format == FORMAT
            if same_format and current.settings == settings:
                return
            if (
                same_format
                and layout(current.settings) == layout(settings)
                and current.phrases == phrase_keys(settings.synonyms, settings.stop_words)
            ):
                save_sidecar(directory, current.generation, settings)
                return
            generation = uuid.uuid4().hex[:12]
            (directory / generation).mkdir()
            index = tantivy.Index(
                build_schema(settings), path=str(directory / generation), reuse=False
            )
            register_analyzers(index)
            if current:
                self._copy(name, current, index, settings)
            save_sidecar(directory, generation, settings)
            self._remove_other_generations(directory, generation)
            self._handle(name)

    @staticmethod
    def _remove_other_generations(directory: Path, generation: str) -> None:
        """Old generations go; one a rebuild is filling (``NEXT``) stays."""
        for child in directory.iterdir():
            if child.is_dir() and child.name != generation and not child.name.startswith(NEXT):
                shutil.rmtree(child, ignore_errors=True)

    def rebuild(
        self,
        name: str,
        settings: IndexSettings,
        batches: Iterable[list[dict[str, Any]]],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Fill a new generation (``next-<id>``) and switch the sidecar to it once complete:
        searches read the old one meanwhile, and a failure deletes the new one. The old
        generation's writer lock is held throughout, so that another process's write waits,
        then fails as unavailable and is retried by the sync once the switch is made, rather
        than landing in the generation about to go (this process's writes wait on the lock)."""
        self._check(settings)
        settings = with_synonym_field(settings)
        try:
            return self._rebuild(name, settings, batches, progress)
        except SourceFailed as failed:  # the database, not the index: its own error
            raise failed.__cause__ from None

    def _rebuild(
        self,
        name: str,
        settings: IndexSettings,
        batches: Iterable[list[dict[str, Any]]],
        progress: Callable[[int], None] | None,
    ) -> int:
        directory = self._directory(name)
        with _lock(directory), self._errors(name, "rebuild"):
            directory.mkdir(parents=True, exist_ok=True)
            for child in directory.glob(f"{NEXT}*"):  # left by a rebuild that was killed
                shutil.rmtree(child, ignore_errors=True)
            try:
                guard = self._writer(self._handle(name).index)
            except SearchUnavailable:  # none yet, or unreadable: nothing to hold
                guard = None
            generation = uuid.uuid4().hex[:12]
            building = directory / f"{NEXT}{generation}"
            try:
                done = self._fill(building, settings, batches, progress)
                os.rename(building, directory / generation)
                save_sidecar(directory, generation, settings)
            except BaseException:
                shutil.rmtree(building, ignore_errors=True)
                raise
            finally:
                if guard is not None:
                    guard.rollback()
                    guard.wait_merging_threads()
            self._remove_other_generations(directory, generation)
            self._handle(name)
        return done

    def _fill(
        self,
        path: Path,
        settings: IndexSettings,
        batches: Iterable[list[dict[str, Any]]],
        progress: Callable[[int], None] | None,
    ) -> int:
        path.mkdir()
        index = tantivy.Index(build_schema(settings), path=str(path), reuse=False)
        register_analyzers(index)
        writer = self._writer(index)
        try:
            done = fill(writer, settings, batches, progress)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        return done

    def _copy(
        self, name: str, current: Handle, index: tantivy.Index, settings: IndexSettings
    ) -> None:
        """Carry the documents over to a new schema (best effort: a corrupt index starts empty,
        and ``search_reindex`` refills it)."""
        writer = self._writer(index)
        try:
            fill(writer, settings, [stored_documents(current.index)])
            writer.commit()
        except (OSError, ValueError, RuntimeError, KeyError) as error:
            logger.warning("Search index %r starts empty: cannot copy documents: %s", name, error)
            writer.rollback()
        finally:
            writer.wait_merging_threads()

    def index(self, name: str, documents: list[dict[str, Any]]) -> None:
        if not documents:
            return

        def change(writer: tantivy.IndexWriter, handle: Handle) -> None:
            key = handle.settings.primary_key
            missing = [d for d in documents if not isinstance(d.get(key), str | int)]
            if missing:
                raise TypeError(f"documents without a string or integer {key!r}: {missing[:3]}")
            for document in documents:
                writer.delete_documents_by_term("_id", utf8(str(document[key])))
                document = expand(document, handle.settings.searchable, handle.phrases)
                writer.add_document(build_document(handle.settings, document))

        self._write(name, "index documents", change)

    def delete(self, name: str, ids: list[str]) -> None:
        def change(writer: tantivy.IndexWriter, handle: Handle) -> None:
            for pk in ids:
                writer.delete_documents_by_term("_id", utf8(str(pk)))

        if ids:
            self._write(name, "delete documents", change, missing_ok=True)

    def reset(self, name: str) -> None:
        self._write(name, "reset", lambda writer, _: writer.delete_all_documents(), missing_ok=True)

    def count(self, name: str) -> int:
        try:
            handle = self._handle(name)
        except _NotConfigured:
            return 0
        with self._errors(name, "count"):
            handle.index.reload()
            return handle.index.searcher().num_docs

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
        handle = self._handle(name)
        settings = handle.settings
        searched = (
            None if attributes is None
            else [position(settings.searchable, a, "searchable") for a in attributes]
        )
        facets = list(facets or [])
        facet_fields = {f: f"k{position(settings.filterable, f, 'filterable')}" for f in facets}
        order = [parse_sort(item, settings.sortable) for item in sort or []]
        schema = handle.index.schema
        restriction = filter_query(schema, settings, filters or {})
        elsewhere = {  # facets counted under other filters (None: no filter at all)
            facet: filter_query(schema, settings, other)
            for facet, other in (facet_filters or {}).items() if facet in facet_fields
        }
        units = parse_query(query or "", handle.synonyms, handle.stop_words, handle.exact_words)
        with self._errors(name, "search"):
            handle.index.reload()
            searcher = handle.index.searcher()

            def words_within(within: Query | None) -> Query:
                return text_query(
                    schema,
                    len(settings.searchable),
                    units,
                    strategy=settings.matching_strategy,
                    only=searched,
                    count=lambda q: searcher.search(q, 1, count=True).count or 0,
                    within=within,
                )

            full = words_within(restriction)
            if not units and not order:
                order = [(-1, "_tie", False)]  # every score is equal: the tie-breaker order
            if order and units and not settings.sort_first:
                documents, total = relevance_then_sorted(searcher, full, order, limit, offset)
            else:
                documents, total = page(
                    searcher, schema, full, order, limit, offset, handle.numeric_sorts
                )
            distribution: dict[str, dict[str, int]] = {f: {} for f in facets}
            here = [f for f in facets if f not in elsewhere]
            if here:
                distribution |= facet_counts(searcher, full, {f: facet_fields[f] for f in here})
            for facet, other in elsewhere.items():
                counted = words_within(other)
                distribution |= facet_counts(searcher, counted, {facet: facet_fields[facet]})
        highlight = Highlighter(units)  # one per page: tokens shared by its values
        hits = [hit(document, settings, highlight) for document in documents]
        return SearchResults(hits=hits, total=total, facets=distribution)
