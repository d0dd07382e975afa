"""Documents in the global search (search/everywhere.py), the text of their files included: the
same rules as the library's search (documents/search.py): the documents index with its access
filter, then the documents the reader may see now (``selectors.visible_filter``)."""

from django.utils.translation import gettext_lazy

from documents.search import _visible
from documents.search_indexes import DOCUMENTS_INDEX
from search.backends.base import HIGHLIGHT_START
from search.everywhere import Section, SectionHit, SectionResults, register_section
from search.query import search_index


def search_documents_section(user, query: str, *, limit: int, offset: int) -> SectionResults:
    found = search_index(DOCUMENTS_INDEX, user=user, query=query, limit=limit, offset=offset)
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
