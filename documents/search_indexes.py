"""The documents index: what the library's search (/documents/recherche/) knows about each
document, the text of its files included.

One entry per document that somebody may download: published, and with an external link or at
least one file of its current version available (a file waiting for its virus scan, or
infected, does not make it available). Pending, rejected, hidden and deleted documents are not
in the index at all (sync deletes them), and neither are the documents of a project that is not
published (a hidden project): no search returns them, whoever asks.

Access: each entry carries ``audience`` (search/access.py). A library document, or the document
of a project the whole network sees, has ``members``; the document of a private project has
only that project's key (``audience_key("project", pk)``), which its members hold.

Sync: documents/services schedules the document on every write (created, edited, new version,
restored, deleted, decided, a file scanned); the projects app calls
``documents.services.project_documents_reindex`` when a project's visibility or state changes.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext as _

from community.search_indexes import SYNONYM_GROUPS, mutual_synonyms
from documents.models import (
    AVAILABLE_FILE,
    Document,
    DocumentFile,
    DocumentVersion,
)
from documents.taxonomy import EntryPoint
from moderation.models import ModerationStatus
from search.access import AUDIENCE, MEMBERS, audience_filter, audience_key
from search.backends.base import IndexSettings
from search.registry import IndexDefinition, register
from search.stop_words import FRENCH_STOP_WORDS

DOCUMENTS_INDEX = "documents"
# The text of a document's files is indexed up to this many characters in all: a long report
# stays findable by its first chapters without making the entry huge.
MAX_TEXT = 100_000

DOCUMENT_INDEX_SETTINGS = IndexSettings(
    searchable=["title", "tags", "description", "entry_point_label", "text", "author"],
    filterable=[AUDIENCE, "entry_point", "project_id"],
    sortable=["published_at", "id"],
    highlighted=["title", "description", "text"],
    synonyms=mutual_synonyms(SYNONYM_GROUPS),
    stop_words=FRENCH_STOP_WORDS,
)


def document_audience(document: Document) -> list[str]:
    """Who may find ``document`` (documents/permissions.py ``can_view_document``)."""
    project = document.project
    if project is None or not project.is_private:
        return [MEMBERS]
    return [audience_key("project", project.pk)]


def indexable_documents():
    """The documents that belong in the index, with what ``document_to_index`` reads."""
    available_file = Exists(DocumentFile.objects.filter(
        AVAILABLE_FILE, version__document=OuterRef("pk"),
    ))
    files = DocumentFile.objects.filter(AVAILABLE_FILE).only("pk", "version", "text",
                                                              "display_name")
    versions = DocumentVersion.objects.order_by("-number").prefetch_related(
        Prefetch("files", queryset=files, to_attr="available_files")
    )
    return (
        Document.objects.filter(moderation_status=ModerationStatus.PUBLISHED)
        .filter(Q(project__isnull=True)
                | Q(project__moderation_status=ModerationStatus.PUBLISHED))
        .filter(~Q(link="") | Q(available_file))
        .select_related("author", "project")
        .prefetch_related("tags", Prefetch("versions", queryset=versions,
                                           to_attr="indexed_versions"))
    )


def _files_text(document: Document) -> tuple[str, list[str]]:
    """The text and names of the current version's available files."""
    versions = getattr(document, "indexed_versions", [])
    if not versions:
        return "", []
    current = versions[0]
    texts, total = [], 0
    for row in current.available_files:
        if not row.text:
            continue
        remaining = MAX_TEXT - total
        if remaining <= 0:
            break
        texts.append(row.text[:remaining])
        total += len(texts[-1])
    return " ".join(texts), [row.display_name for row in current.available_files]


def document_to_index(document: Document) -> dict:
    with translation.override("fr"):
        author = document.author.display_name if document.author else _("Former member")
        # A project's document has no entry point (it is not in the library).
        entry_label = str(EntryPoint(document.entry_point).label) if document.entry_point else ""
    text, names = _files_text(document)
    published = document.published_at or document.created_at
    return {
        "id": document.pk,
        "title": document.title,
        "description": document.description,
        "tags": [tag.name for tag in document.tags.all()],
        "entry_point": document.entry_point,
        "entry_point_label": entry_label,
        "text": " ".join([*names, text]).strip(),
        "author": author,
        "project_id": document.project_id or 0,
        "published_at": int(published.timestamp()),
        AUDIENCE: document_audience(document),
    }


register(
    IndexDefinition(
        name=DOCUMENTS_INDEX,
        settings=DOCUMENT_INDEX_SETTINGS,
        queryset=indexable_documents,
        to_document=document_to_index,
        access_filter=audience_filter,
    )
)
