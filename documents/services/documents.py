"""Writes of documents: proposing (members), publishing (moderators), adding to a project,
editing, deleting, reporting, counting downloads, and what follows a moderation decision.

Every write that changes what the documents index holds schedules the document there
(search.sync.schedule, sent after commit). Publishing a library document enters the news
feed's activity stream (news.services.activity_record).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from documents import permissions, quota
from documents.models import Document, DocumentFile, DocumentVersion
from documents.safety import check_quota, check_uploads
from documents.search_indexes import DOCUMENTS_INDEX
from documents.services.fields import clean_document, clean_note
from documents.services.storing import delete_after_commit, store_files, stored_files
from moderation import services as moderation
from moderation.models import ModerationStatus, Report
from news.models import ActivityEvent
from news.services import (
    activity_forget,
    activity_hide,
    activity_record,
    activity_restore,
    activity_update,
)
from search.sync import schedule


def reindex(*document_ids: int) -> None:
    schedule(DOCUMENTS_INDEX, document_ids)


def library_bytes(member) -> int:
    """What ``member`` stores in the library: the files they uploaded (a restored version
    reuses stored content and costs nothing). Counted in their quota by documents/quota.py,
    with what other apps store for them."""
    total = DocumentFile.objects.filter(
        version__uploaded_by=member, version__restored_from__isnull=True
    ).aggregate(total=Sum("size"))["total"]
    return total or 0


def check_files(actor, uploads) -> list:
    """documents.safety's checks on the request's files, then the member's quota."""
    checked = check_uploads(list(uploads or []))
    if checked:
        check_quota(used_bytes=quota.used_bytes(actor),
                    incoming_bytes=sum(c.size for c in checked))
    return checked


def _field_errors(error: ValidationError, field: str) -> ValidationError:
    """A ValidationError from documents.safety (a list), attached to the form's ``field``."""
    if hasattr(error, "error_dict"):
        return error
    return ValidationError({field: error.error_list})


def _set_relations(document: Document, fields: dict) -> None:
    document.levers.set(fields["levers"])
    document.domains.set(fields["domains"])
    document.tags.set(fields["tags"])


def _record_publication(document: Document) -> None:
    """Only the library's documents enter the network's feed: a project's stay in it."""
    if document.project_id is None:
        activity_record(
            kind=ActivityEvent.Kind.DOCUMENT_PUBLISHED, target=document,
            actor=document.author, text=document.title,
            detail=Truncator(document.description).chars(200), url=document.get_absolute_url(),
        )


@transaction.atomic
def _create(*, actor, status: str, project=None, title: str, description: str,
            entry_point: str = "", levers=(), domains=(), tags=(), language: str = "fr",
            link: str = "", uploads=(), note: str = "") -> Document:
    fields = clean_document(title=title, description=description, entry_point=entry_point,
                            levers=levers, domains=domains, tags=tags, language=language,
                            link=link, in_project=project is not None)
    note = clean_note(note)
    try:
        checked = check_files(actor, uploads)
    except ValidationError as error:
        raise _field_errors(error, "files") from None
    if not checked and not fields["link"]:
        raise ValidationError({"files": [_("Add at least one file or an external link.")]})
    now = timezone.now()
    published = status == ModerationStatus.PUBLISHED
    with stored_files() as names:
        document = Document.objects.create(
            title=fields["title"], description=fields["description"],
            entry_point=fields["entry_point"], language=fields["language"],
            link=fields["link"], author=actor, project=project, moderation_status=status,
            decided_by=actor if published and project is None else None,
            decided_at=now if published and project is None else None,
            published_at=now if published else None,
        )
        _set_relations(document, fields)
        if checked:
            version = DocumentVersion.objects.create(document=document, number=1, note=note,
                                                     uploaded_by=actor)
            rows = store_files(version, checked, names)
            from documents.services.versions import after_files_stored

            after_files_stored(rows)
        if published:
            _record_publication(document)
        reindex(document.pk)
    return document


def document_propose(*, actor, **fields) -> Document:
    """A member proposes a library document: it waits for a moderator's decision."""
    if not permissions.can_propose_document(actor):
        raise PermissionDenied
    return _create(actor=actor, status=ModerationStatus.PENDING, **fields)


def document_publish(*, actor, **fields) -> Document:
    """A moderator adds a library document, published at once."""
    if not permissions.can_publish_document(actor):
        raise PermissionDenied
    return _create(actor=actor, status=ModerationStatus.PUBLISHED, **fields)


def project_document_add(*, actor, project, **fields) -> Document:
    """A project's member adds a document to it: published at once, seen as the project is."""
    if not permissions.can_add_project_document(actor, project):
        raise PermissionDenied
    return _create(actor=actor, status=ModerationStatus.PUBLISHED, project=project, **fields)


def _locked(document: Document) -> Document:
    return (Document.objects.select_for_update(of=("self",))
            .select_related("author", "project").get(pk=document.pk))


@transaction.atomic
def document_edit(*, actor, document: Document, title: str, description: str,
                  entry_point: str = "", levers=(), domains=(), tags=(), language: str = "fr",
                  link: str = "") -> Document:
    """The card changes; the files change only through new versions."""
    document = _locked(document)
    if not permissions.can_edit_document(actor, document):
        raise PermissionDenied
    fields = clean_document(title=title, description=description, entry_point=entry_point,
                            levers=levers, domains=domains, tags=tags, language=language,
                            link=link, in_project=document.project_id is not None)
    if not fields["link"] and not document.versions.exists():
        raise ValidationError({"link": [_("This document has no file: keep its link.")]})
    for name in ("title", "description", "entry_point", "language", "link"):
        setattr(document, name, fields[name])
    document.save()
    _set_relations(document, fields)
    activity_update(target=document, kind=ActivityEvent.Kind.DOCUMENT_PUBLISHED,
                    text=document.title, detail=Truncator(document.description).chars(200))
    reindex(document.pk)
    return document


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    """The document, its versions and rows go now; its stored files once that has committed.
    Its place in the feed is forgotten; a moderator's deletion settles its open reports (the
    queue shows any other report on it as about something that no longer exists)."""
    document = _locked(document)
    if not permissions.can_delete_document(actor, document):
        raise PermissionDenied
    rows = DocumentFile.objects.filter(version__document=document)
    names = [name for pair in rows.values_list("file", "thumbnail") for name in pair]
    pk = document.pk
    activity_forget(target=document)
    if permissions.can_moderate_documents(actor):
        moderation.reports_resolve_for(target=document, actor=actor,
                                       note=_("Deleted by its author or a moderator."))
    document.delete()
    delete_after_commit(names)
    reindex(pk)


@transaction.atomic
def document_report(*, actor, document: Document, reason: str) -> Report:
    """A member reports a document to the moderators, with its card as it is now."""
    document = Document.objects.select_related("author", "project").get(pk=document.pk)
    if not permissions.can_report_document(actor, document):
        raise PermissionDenied
    context = (_("Library") if document.project_id is None
               else _("Documents of a project"))
    return moderation.report_create(
        actor=actor, target=document, reason=reason,
        excerpt=f"{document.title}\n\n{document.description}\n\n{document.link}".strip(),
        target_author=document.author, context_label=context,
    )


def document_downloaded(*, document: Document) -> None:
    """One more download: a single UPDATE, safe under concurrent downloads."""
    Document.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)


def document_decided(document: Document, decision: str) -> None:
    """Called by ``moderation.services.decide`` inside its transaction (documents/moderated.py).

    Approved: published now, into the feed. Hidden: out of the feed; restored: back. The index
    follows every decision."""
    if decision == "approve":
        now = timezone.now()
        Document.objects.filter(pk=document.pk).update(published_at=now)
        document.published_at = now
        _record_publication(document)
    elif decision == "hide":
        activity_hide(target=document)
    elif decision == "restore":
        activity_restore(target=document)
    reindex(document.pk)


def project_documents_reindex(project_id: int) -> None:
    """A project changed visibility, or was hidden, restored or archived: its documents'
    audience in the index follows (called by the projects app)."""
    ids = list(Document.objects.filter(project_id=project_id).values_list("pk", flat=True))
    if ids:
        reindex(*ids)
