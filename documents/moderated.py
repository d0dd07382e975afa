"""What the moderation queue and ``moderation.services.decide`` may do with documents
(moderation/registry.py). A member's library proposal waits in the queue's "waiting for a
decision" section; approving publishes it (``documents.services.document_decided``: the feed
and the index follow), rejecting tells its author why. Members report published documents;
hiding and restoring are the same decision pages, reached from the queue or the document.

A project's documents are never pending (no pre-moderation) but can be reported: the queue
then shows the report's snapshot, and links to the document only for a moderator who may see
it (a private project's documents stay closed to moderators who are not in it, DESIGN.md §7).
"""

from django.utils.translation import gettext as _

from documents import permissions
from documents.models import Document
from documents.services import document_decided
from moderation.links import decision_url
from moderation.models import ModerationStatus
from moderation.registry import TargetActions, moment, register


def describe_document(document: Document) -> str:
    """How the moderation log and the author's notification name a document."""
    return _("Document “%(title)s” by %(author)s, %(time)s") % {
        "title": document.title,
        "author": document.author.display_name if document.author else _("Former member"),
        "time": moment(document.created_at),
    }


def document_excerpt(document: Document) -> str:
    """What the moderator reviews: the card members will read, and the link."""
    parts = [document.title, str(document.get_entry_point_display()), document.description,
             document.link]
    return "\n\n".join(part for part in parts if part)


def document_actions(moderator, document: Document) -> TargetActions:
    view_url = (document.get_absolute_url()
                if permissions.can_view_document(moderator, document) else "")
    if document.is_hidden:
        return TargetActions(view_url=view_url, removed=bool(view_url))
    remove_url = ""
    if permissions.can_moderate_documents(moderator) and document.is_published:
        remove_url = decision_url(document, "hide")
    return TargetActions(view_url=view_url, remove_url=remove_url)


def register_moderated() -> None:
    register(
        Document,
        queryset=lambda: Document.objects.select_related("author", "project"),
        actions=document_actions,
        author=lambda document: document.author,
        describe=describe_document,
        url=lambda document: document.get_absolute_url(),
        on_decided=document_decided,
        pending=lambda: Document.objects.library()
        .filter(moderation_status=ModerationStatus.PENDING).select_related("author", "project"),
        excerpt=document_excerpt,
        submitted_at=lambda document: document.created_at,
    )
