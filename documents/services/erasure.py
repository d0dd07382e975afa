"""What the documents app does when an account closes (privacy/closure/,
documents/data_erasure.py).

Anonymised: every document of the member stays, signed "Ancien membre", but for proposals
the moderators have not decided yet, which are withdrawn. Deleted: their
documents go as ``document_delete`` removes one (rows now, stored files once this commits,
their place in the feed forgotten), except the documents published in the network's library:
those pass to the network, signed "Ancien membre", unless the member asked for them to go too.
Versions they added to others' documents stay with the documents, without their name; in the
"deleted" mode their notes on those versions go.
"""

from django.db import transaction

from documents.models import Document, DocumentFile, DocumentVersion
from documents.services.documents import reindex
from documents.services.storing import delete_after_commit
from moderation.models import ModerationStatus
from news.services import activity_forget


def library_documents(member):
    """The member's documents that the network's library publishes."""
    return Document.objects.filter(author=member, project__isnull=True,
                                   moderation_status=ModerationStatus.PUBLISHED)


def pending_proposals(member):
    """The member's proposals to the library that the moderators have not decided yet."""
    return Document.objects.filter(author=member, project__isnull=True,
                                   moderation_status=ModerationStatus.PENDING)


def _delete(ids: list[int]) -> int:
    """As ``document_delete``: rows now, their stored files once committed, out of the feed;
    returns how many files go."""
    rows = DocumentFile.objects.filter(version__document_id__in=ids)
    names = [name for pair in rows.values_list("file", "thumbnail") for name in pair]
    for document in Document.objects.filter(pk__in=ids):
        activity_forget(target=document)
    Document.objects.filter(pk__in=ids).delete()
    delete_after_commit(names)
    return len([name for name in names if name])


@transaction.atomic
def member_documents_anonymise(*, member) -> dict[str, int]:
    """Everything stays, without author, except proposals still awaiting the moderators:
    those are withdrawn, as their author may withdraw them."""
    withdrawn = list(pending_proposals(member).values_list("pk", flat=True))
    _delete(withdrawn)
    ids = list(Document.objects.filter(author=member).values_list("pk", flat=True))
    Document.objects.filter(pk__in=ids).update(author=None)
    DocumentVersion.objects.filter(uploaded_by=member).update(uploaded_by=None)
    if ids or withdrawn:
        reindex(*ids, *withdrawn)
    return {"kept": len(ids), "withdrawn": len(withdrawn)}


@transaction.atomic
def member_documents_erase(*, member, keep_library: bool = True) -> dict[str, int]:
    kept = list(library_documents(member).values_list("pk", flat=True)) if keep_library else []
    doomed = list(Document.objects.filter(author=member).exclude(pk__in=kept)
                  .values_list("pk", flat=True))
    files = _delete(doomed)
    Document.objects.filter(pk__in=kept).update(author=None)
    DocumentVersion.objects.filter(uploaded_by=member).update(uploaded_by=None, note="")
    if kept or doomed:
        reindex(*kept, *doomed)
    return {"deleted": len(doomed), "kept": len(kept), "files": files}


def member_documents_counts(member) -> dict[str, int]:
    return {
        "all": Document.objects.filter(author=member).count(),
        "library": library_documents(member).count(),
        "pending": pending_proposals(member).count(),
    }
