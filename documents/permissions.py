"""Who may see, propose, change, download and moderate documents. Views, services, the
moderation queue, the search index and templates (through the views) all ask here.

The library (documents without a project):

- Every approved member browses it and downloads what is published.
- Members propose; a proposal waits (``pending``) for a moderator, seen only by its author and
  the moderators. Moderators publish directly.
- The author keeps their document alive (edits, new versions, restoring an old one) unless it
  is rejected or hidden; moderators do all of it on any document.

A project's documents:

- Seen exactly as the project is (projects.permissions.can_view_project): a private project's
  documents are a 404 for whoever does not belong to it, moderators included, in the pages, the
  downloads and the search alike.
- Published at once: the project's members (``can_contribute_to_project``) add documents,
  upload new versions and restore old ones; the author and the project's owners edit and
  delete them.

A hidden document (after a report) is seen only by moderators (who may see it otherwise) and by
its author, who was told why.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from documents.models import Document
from moderation import permissions as moderation_permissions
from projects import permissions as project_permissions


def _is_member(user) -> bool:
    return bool(getattr(user, "is_member", False))


def _is_author(user, document: Document) -> bool:
    return document.author_id is not None and document.author_id == getattr(user, "pk", None)


def can_moderate_documents(user) -> bool:
    """Publish directly, edit and manage any library document, decide on proposals."""
    return moderation_permissions.can_moderate(user)


def can_browse_library(user) -> bool:
    return _is_member(user)


def can_propose_document(user) -> bool:
    """Members propose (the document waits for a decision); moderators publish."""
    return _is_member(user)


def can_publish_document(user) -> bool:
    return can_moderate_documents(user)


def can_view_document(user, document: Document) -> bool:
    if not _is_member(user):
        return False
    if document.project_id is not None:
        if not project_permissions.can_view_project(user, document.project):
            return False
        if document.is_published:
            return True
        return document.is_hidden and (_is_author(user, document)
                                       or can_moderate_documents(user))
    return (document.is_published or can_moderate_documents(user)
            or _is_author(user, document))


def _project_open(user, document: Document) -> bool:
    return project_permissions.can_contribute_to_project(user, document.project)


def _alive(document: Document) -> bool:
    """Neither rejected nor hidden: something one may still work on."""
    return not (document.is_rejected or document.is_hidden)


def can_edit_document(user, document: Document) -> bool:
    if not can_view_document(user, document) or not _alive(document):
        return False
    if document.project_id is not None:
        return _project_open(user, document) and (
            _is_author(user, document)
            or project_permissions.is_project_owner(user, document.project)
        )
    return _is_author(user, document) or can_moderate_documents(user)


def can_upload_version(user, document: Document) -> bool:
    """A project's documents are the team's: every member of the project adds versions."""
    if not can_view_document(user, document) or not _alive(document):
        return False
    if document.project_id is not None:
        return _project_open(user, document)
    return _is_author(user, document) or can_moderate_documents(user)


def can_restore_version(user, document: Document) -> bool:
    return can_upload_version(user, document)


def can_delete_document(user, document: Document) -> bool:
    if not can_view_document(user, document):
        return False
    if document.project_id is not None:
        return _project_open(user, document) and (
            _is_author(user, document)
            or project_permissions.is_project_owner(user, document.project)
        )
    return can_moderate_documents(user) or (_is_author(user, document) and document.is_pending)


def can_download(user, document: Document) -> bool:
    """Any version's files: whoever sees the document (files themselves may still wait for
    their virus scan: documents.models.DocumentFile.is_available)."""
    return can_view_document(user, document)


def can_report_document(user, document: Document) -> bool:
    return (can_view_document(user, document) and document.is_published
            and not _is_author(user, document))


def can_see_decision(user, document: Document) -> bool:
    return can_moderate_documents(user) or _is_author(user, document)


def can_view_project_documents(user, project) -> bool:
    return project_permissions.can_view_project(user, project)


def can_add_project_document(user, project) -> bool:
    return project_permissions.can_contribute_to_project(user, project)


def get_document_for_user(user, pk, *, write: bool = False) -> Document:
    """The document ``pk`` if ``user`` may see it (else 404); with ``write``, also if they may
    change it (else 403)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    document = (Document.objects.select_related("author__profile", "project")
                .filter(pk=pk).first())
    if document is None or not can_view_document(user, document):
        raise Http404
    if write and not can_edit_document(user, document):
        raise PermissionDenied
    return document
