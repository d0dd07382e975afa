"""Filling a new generation of an embedded index: from a rebuild's batches, or from the
documents of the previous generation when the schema changes (see ``embedded``)."""

from collections.abc import Callable, Iterable
from typing import Any

import tantivy
from tantivy import Query

from search.backends.base import IndexSettings
from search.backends.embedded_results import stored_document
from search.backends.embedded_schema import build_document
from search.backends.embedded_text import utf8
from search.backends.synonyms import expand, phrase_keys


class SourceFailed(Exception):
    """The documents given to a rebuild could not be read (its ``__cause__`` says why): the
    database's error, not the index's."""


def fill(
    writer: tantivy.IndexWriter,
    settings: IndexSettings,
    batches: Iterable[list[dict[str, Any]]],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add the documents (``_synonyms`` written afresh), replacing by primary key; the caller
    commits. Returns how many were added."""
    key, done = settings.primary_key, 0
    phrases = phrase_keys(settings.synonyms, settings.stop_words)
    source = iter(batches)
    while True:
        try:
            batch = next(source)
        except StopIteration:
            return done
        except Exception as error:
            raise SourceFailed() from error
        for document in batch:
            if not isinstance(document.get(key), str | int):
                raise TypeError(f"document without a string or integer {key!r}")
            writer.delete_documents_by_term("_id", utf8(str(document[key])))
            document = expand(document, settings.searchable, phrases)
            writer.add_document(build_document(settings, document))
        done += len(batch)
        if progress:
            progress(done)


def stored_documents(index: tantivy.Index) -> list[dict[str, Any]]:
    """Every document stored in ``index``, as it was given."""
    index.reload()
    searcher = index.searcher()
    if not searcher.num_docs:
        return []
    hits = searcher.search(Query.all_query(), searcher.num_docs).hits
    return [stored_document(searcher, address) for _score, address in hits]
