"""Documents in the global search (search/everywhere.py), the text of their files included: the
same rules as the library's search (documents/search.py): the documents index with its access
filter, then the documents the reader may see now (``selectors.visible_filter``). Without the
engine, those whose title or description holds the words, newest first (as the library does)."""

from django.utils.translation import gettext_lazy

from documents.models import Document
from documents.search import _visible
from documents.search_indexes import DOCUMENTS_INDEX
from documents.selectors import visible_filter
from search.backends.base import HIGHLIGHT_START, SearchUnavailable
from search.everywhere import (
    Section,
    SectionHit,
    SectionResults,
    database_words,
    register_section,
)
from search.query import search_index


def _without_engine(user, query: str, limit: int, offset: int) -> SectionResults:
    documents = Document.objects.filter(visible_filter(user),
                                        database_words(query, "title", "description"))
    page = documents.select_related("project").order_by("-published_at", "-pk")
    return SectionResults(total=documents.count(), unavailable=True, hits=[
        SectionHit(title=document.title, url=document.get_absolute_url(),
                   excerpt=document.description,
                   context=document.project.title if document.project else "")
        for document in page[offset:offset + limit]])


def search_documents_section(user, query: str, *, limit: int, offset: int) -> SectionResults:
    try:
        found = search_index(DOCUMENTS_INDEX, user=user, query=query, limit=limit,
                             offset=offset)
    except SearchUnavailable:
        return _without_engine(user, query, limit, offset)
    if not found.hits:  # no database query for a kind that found nothing
        return SectionResults(total=found.total)
    documents = _visible(user, [int(hit.id) for hit in found.hits if str(hit.id).isdigit()])
    hits = []
    for hit in found.hits:
        document = documents.get(int(hit.id)) if str(hit.id).isdigit() else None
        if document is None:
            continue
        title = hit.highlighted.get("title")
        # Where the words are (the text of a file, say), else the description.
        texts = [value for name in ("description", "text")
                 if isinstance(value := hit.highlighted.get(name), str) and value]
        excerpt = next((text for text in texts if HIGHLIGHT_START in text), texts[0] if texts
                       else "")
        hits.append(SectionHit(
            title=title if isinstance(title, str) and title else document.title,
            url=document.get_absolute_url(), excerpt=excerpt,
            context=document.project.title if document.project else "",
        ))
    return SectionResults(hits=hits, total=found.total)


register_section(Section(key="documents", label=gettext_lazy("Documents"), order=60,
                         search=search_documents_section,
                         allowed=lambda user: getattr(user, "is_member", False)))
