"""Reads of the library and the project documents, shaped so that a page costs the same number
of queries whatever the number of documents, versions and files on it."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from taggit.models import Tag

from documents.models import Document, DocumentFile, DocumentVersion
from documents.taxonomy import ENTRY_POINT_HELP, EntryPoint
from moderation.models import ModerationStatus

OVERVIEW_COUNT = 5
POPULAR_TAGS = 20
SORTS = {
    "recents": ["-published_at", "-pk"],
    "telecharges": ["-download_count", "-published_at", "-pk"],
    "titre": ["title", "pk"],
}


def _cards(queryset: QuerySet[Document]) -> QuerySet[Document]:
    """What a document's card shows: its author, levers, domains and tags (four queries for a
    whole page, whatever its length)."""
    return queryset.select_related("author__profile").prefetch_related(
        "levers", "domains", "tags"
    )


def library_documents() -> QuerySet[Document]:
    """What every member finds in the library: published documents without a project."""
    return Document.objects.library().published()


@dataclass
class EntryPointSummary:
    slug: str
    label: str
    help: str
    count: int


@dataclass
class Overview:
    entry_points: list[EntryPointSummary] = field(default_factory=list)
    newest: list[Document] = field(default_factory=list)
    most_downloaded: list[Document] = field(default_factory=list)
    total: int = 0


def library_overview(limit: int = OVERVIEW_COUNT) -> Overview:
    """The library's first page: each entry point with its count (one query), the newest and
    the most downloaded documents (one query each, with their authors)."""
    counts = dict(library_documents().order_by().values_list("entry_point")
                  .annotate(n=Count("pk")).values_list("entry_point", "n"))
    summaries = [
        EntryPointSummary(slug=entry.value, label=str(entry.label),
                          help=str(ENTRY_POINT_HELP[entry]), count=counts.get(entry.value, 0))
        for entry in EntryPoint
    ]
    shown = library_documents().select_related("author")
    return Overview(
        entry_points=summaries,
        newest=list(shown.order_by(*SORTS["recents"])[:limit]),
        most_downloaded=list(shown.filter(download_count__gt=0)
                             .order_by(*SORTS["telecharges"])[:limit]),
        total=sum(counts.values()),
    )


def popular_tags(queryset: QuerySet[Document] | None = None,
                 limit: int = POPULAR_TAGS) -> list[Tag]:
    """The tags most used by the library's published documents (one query)."""
    ids = (queryset if queryset is not None else library_documents()).values("pk")
    return list(
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(Document),
            taggit_taggeditem_items__object_id__in=ids,
        ).annotate(uses=Count("taggit_taggeditem_items")).order_by("-uses", "name")[:limit]
    )


def browse(*, entry_point: str = "", lever: str = "", domain: str = "", tag: str = "",
           sort: str = "recents", documents: QuerySet[Document] | None = None
           ) -> QuerySet[Document]:
    """The library (or ``documents``) filtered and sorted, with what a card shows."""
    queryset = documents if documents is not None else library_documents()
    if entry_point:
        queryset = queryset.filter(entry_point=entry_point)
    if lever:
        queryset = queryset.filter(levers=lever)
    if domain:
        queryset = queryset.filter(domains=domain)
    if tag:
        queryset = queryset.filter(tags__name__iexact=tag)
    return _cards(queryset.distinct().order_by(*SORTS.get(sort, SORTS["recents"])))


def documents_of_author(member) -> QuerySet[Document]:
    """"My documents": what ``member`` proposed or added, newest first, whatever its status."""
    return (Document.objects.filter(author=member).select_related("project")
            .order_by("-created_at", "-pk"))


def pending_count() -> int:
    """Library proposals waiting for a moderator."""
    return Document.objects.library().filter(moderation_status=ModerationStatus.PENDING).count()


def versions_of(document: Document) -> list[DocumentVersion]:
    """Every version, newest first, with its files and who uploaded it (two queries)."""
    return list(
        DocumentVersion.objects.filter(document=document)
        .select_related("uploaded_by", "restored_from")
        .prefetch_related(Prefetch("files", queryset=DocumentFile.objects.order_by("pk")))
        .order_by("-number")
    )


def project_documents(project) -> QuerySet[Document]:
    """A project's documents members see: published ones, newest first."""
    return _cards(Document.objects.filter(project=project,
                                          moderation_status=ModerationStatus.PUBLISHED)
                  .order_by("-published_at", "-pk"))


def file_for_download(pk) -> DocumentFile | None:
    """A stored file with its version and document (one query); the caller checks access."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (DocumentFile.objects.select_related("version__document__project",
                                                "version__document__author")
            .filter(pk=pk).first())


def visible_filter(user) -> Q:
    """Documents ``user`` may see as a filter (documents/permissions.py, in SQL): the
    library's published ones, and the published documents of the projects they see."""
    from projects.selectors import visible_projects

    published = Q(moderation_status=ModerationStatus.PUBLISHED)
    return published & (Q(project__isnull=True)
                        | Q(project__in=visible_projects(user).values("pk")))
