"""Writes of versions and files: uploading a new version (with a note), restoring an old one,
and the work done on each new file once it is committed (virus scan, thumbnail, text).

A new file is stored at once but waits, when a scanner is configured (``CLAMD_ADDRESS``), in
``pending`` until the scan task finds it clean: until then nobody downloads it. The same task
then draws its thumbnail and extracts its text for the search index. The task runs on commit
(at once in embedded mode, on the worker in production).
"""

import logging
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from documents import permissions
from documents.kinds import FileKind
from documents.models import Document, DocumentFile, DocumentVersion, ScanStatus
from documents.services.documents import _field_errors, _locked, check_files, reindex
from documents.services.fields import clean_note
from documents.services.storing import store_files, stored_files
from documents.storage import random_upload_path
from notifications.models import Notification
from notifications.services import notify
from projects.models import ACCEPTED, ProjectMembership

logger = logging.getLogger(__name__)


def _next_number(document: Document) -> int:
    highest = document.versions.aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def after_files_stored(rows: list[DocumentFile]) -> None:
    """Once committed, the new files are scanned, drawn and read (documents.tasks)."""
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(partial(_enqueue_processing, ids))


def _enqueue_processing(file_ids: list[int]) -> None:
    from documents.tasks import process_files  # the task module imports this one

    process_files.enqueue(file_ids)


def _after_new_version(version: DocumentVersion) -> None:
    transaction.on_commit(partial(_enqueue_notification, version.pk))


def _enqueue_notification(version_id: int) -> None:
    from documents.tasks import notify_new_version

    notify_new_version.enqueue(version_id)


@transaction.atomic
def version_upload(*, actor, document: Document, uploads, note: str) -> DocumentVersion:
    """A new version: its files checked (all or nothing: one refused file stores nothing) and
    counted against the uploader's quota; the history keeps every earlier version."""
    document = _locked(document)
    if not permissions.can_upload_version(actor, document):
        raise PermissionDenied
    note = clean_note(note)
    if not note:
        raise ValidationError({"note": [_("Say in a few words what changed.")]})
    try:
        checked = check_files(actor, uploads)
    except ValidationError as error:
        raise _field_errors(error, "files") from None
    if not checked:
        raise ValidationError({"files": [_("Choose at least one file.")]})
    with stored_files() as names:
        version = DocumentVersion.objects.create(
            document=document, number=_next_number(document), note=note, uploaded_by=actor,
        )
        rows = store_files(version, checked, names)
        document.save(update_fields=["updated_at"])
        after_files_stored(rows)
        _after_new_version(version)
        reindex(document.pk)
    return version


@transaction.atomic
def version_restore(*, actor, document: Document, version: DocumentVersion,
                    note: str = "") -> DocumentVersion:
    """Restoring makes a new version that copies ``version``: its files point at the same
    stored content (nothing is stored twice, nothing counts twice against a quota)."""
    document = _locked(document)
    if not permissions.can_restore_version(actor, document):
        raise PermissionDenied
    if version.document_id != document.pk:
        raise PermissionDenied
    note = clean_note(note) or _("Restored from version %(number)d") % {
        "number": version.number}
    copy = DocumentVersion.objects.create(
        document=document, number=_next_number(document), note=note, uploaded_by=actor,
        restored_from=version,
    )
    DocumentFile.objects.bulk_create([
        DocumentFile(version=copy, file=row.file.name, kind=row.kind, size=row.size,
                     display_name=row.display_name, content_type=row.content_type,
                     thumbnail=row.thumbnail.name, text=row.text,
                     scan_status=row.scan_status)
        for row in version.files.all()
    ])
    document.save(update_fields=["updated_at"])
    _after_new_version(copy)
    reindex(document.pk)
    return copy


def version_notify(*, version_id: int) -> int:
    """Tell the document's author and, for a project's document, the project's members that a
    new version is there; how many were told. Each recipient once per version (the key), so a
    retried task tells nobody twice."""
    version = (DocumentVersion.objects.select_related("document__author", "uploaded_by",
                                                      "document__project")
               .filter(pk=version_id).first())
    if version is None:
        return 0
    document = version.document
    recipients = {}
    if document.author is not None:
        recipients[document.author.pk] = document.author
    if document.project_id is not None:
        memberships = (ProjectMembership.objects.filter(ACCEPTED, project=document.project_id)
                       .select_related("member"))
        for membership in memberships:
            recipients[membership.member.pk] = membership.member
    text = _("New version %(number)d of “%(title)s”: %(note)s") % {
        "number": version.number, "title": document.title, "note": version.note,
    }
    told = 0
    for person in recipients.values():
        if not permissions.can_view_document(person, document):
            continue
        if notify(person, Notification.Kind.DOCUMENT_VERSION, version.uploaded_by, text,
                  document.get_absolute_url(), key=f"document-version:{version.pk}"):
            told += 1
    return told


def _scan(row: DocumentFile) -> str:
    from documents import scanning

    if not scanning.enabled():
        return ScanStatus.UNSCANNED
    with row.file.open("rb") as handle:
        result = scanning.scan(handle)
    if result.status == scanning.Verdict.INFECTED:
        logger.warning("Infected file blocked: document file %s (%s)", row.pk, result.signature)
        return ScanStatus.INFECTED
    if result.status == scanning.Verdict.CLEAN:
        return ScanStatus.CLEAN if result.scanned else ScanStatus.UNSCANNED
    return ScanStatus.PENDING  # the scanner did not answer: tried again later


def file_process(*, file_id: int) -> str:
    """Scan one new file (when a scanner is configured), then draw its thumbnail and extract
    its text; returns its scan status. A file the scanner could not reach stays pending."""
    from documents.previews import make_thumbnail
    from documents.text import extract_text

    row = DocumentFile.objects.select_related("version").filter(pk=file_id).first()
    if row is None:
        return ""
    if row.scan_status == ScanStatus.PENDING:
        row.scan_status = _scan(row)
        DocumentFile.objects.filter(pk=row.pk).update(scan_status=row.scan_status)
    if not row.is_available or row.thumbnail or row.text:
        reindex(row.version.document_id)
        return row.scan_status
    with row.file.open("rb") as handle:
        data = handle.read()
    thumbnail = make_thumbnail(data, row.kind)
    text = extract_text(data, row.kind) or ""
    with stored_files() as names:
        if thumbnail is not None:
            # Named as the WebP picture it is (upload_to would take the file's own kind).
            name = row.thumbnail.storage.save(random_upload_path("thumbnails", FileKind.WEBP),
                                              thumbnail)
            names.append(name)
            row.thumbnail.name = name
        DocumentFile.objects.filter(pk=row.pk).update(thumbnail=row.thumbnail.name or "",
                                                      text=text)
    reindex(row.version.document_id)
    return row.scan_status
