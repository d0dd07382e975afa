"""The library's search (/documents/recherche/): the documents that match, as the reader may
see them.

Matching and highlighting come from the documents index (documents/search_indexes.py), whose
access filter every search carries: a private project's documents are found by its members
only. The documents are then read from the database in one query, restricted again to what the
reader may see right now (documents.selectors.visible_filter), so an index a moment behind never
shows more than the pages do. When the engine is unavailable, the search falls back to the
database: the words in the titles and descriptions, newest first.
"""

import logging
from dataclasses import dataclass, field

from django.db.models import Q

from documents import selectors
from documents.models import Document
from documents.search_indexes import DOCUMENTS_INDEX
from search.backends.base import SearchUnavailable
from search.query import clean_query, search_index

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
FALLBACK_WORDS = 8


@dataclass
class DocumentResult:
    document: Document
    excerpt: str = ""


@dataclass
class SearchPage:
    query: str = ""
    results: list[DocumentResult] = field(default_factory=list)
    total: int = 0
    search_unavailable: bool = False


def _visible(user, ids: list[int]) -> dict[int, Document]:
    documents = (Document.objects.filter(selectors.visible_filter(user), pk__in=ids)
                 .select_related("author", "project"))
    return {document.pk: document for document in documents}


def search_documents(user, raw_query: str, *, entry_point: str = "") -> SearchPage:
    """One engine search and one database query (plus the projects ``user`` sees)."""
    query = clean_query(raw_query or "")
    page = SearchPage(query=query)
    if not query:
        return page
    filters = {"entry_point": [entry_point]} if entry_point else {}
    try:
        found = search_index(DOCUMENTS_INDEX, user=user, query=query, filters=filters,
                             limit=PAGE_SIZE)
    except SearchUnavailable:
        logger.warning("Search engine unavailable: the library's search uses the database.")
        return _database_page(user, query, entry_point)
    ids = [int(hit.id) for hit in found.hits if str(hit.id).isdigit()]
    documents = _visible(user, ids)
    for hit in found.hits:
        document = documents.get(int(hit.id)) if str(hit.id).isdigit() else None
        if document is None:
            continue
        excerpt = next((value for name in ("description", "text")
                        if isinstance(value := hit.highlighted.get(name), str) and value), "")
        page.results.append(DocumentResult(document=document, excerpt=excerpt))
    page.total = found.total
    return page


def _database_page(user, query: str, entry_point: str) -> SearchPage:
    page = SearchPage(query=query, search_unavailable=True)
    documents = Document.objects.filter(selectors.visible_filter(user))
    if entry_point:
        documents = documents.filter(entry_point=entry_point)
    for word in query.split()[:FALLBACK_WORDS]:
        documents = documents.filter(Q(title__icontains=word) | Q(description__icontains=word))
    page.total = documents.count()
    page.results = [DocumentResult(document=document)
                    for document in documents.select_related("author", "project")
                    .order_by("-published_at", "-pk")[:PAGE_SIZE]]
    return page
