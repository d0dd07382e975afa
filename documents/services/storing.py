"""Storing checked files for a version, all or nothing, and removing stored files that no row
points at any more.

A database rollback does not remove what was written to disk. ``stored_files`` therefore
remembers every name it wrote and deletes them when the block fails; stored files of deleted
documents are removed once the deletion has committed (``delete_after_commit``). The only gap
left is a caller's own, larger transaction rolling back after ours succeeded:
``manage.py documents_sweep`` removes such orphans (files older than a day that no row names).
"""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction

from documents.models import DocumentFile, DocumentVersion, ScanStatus
from documents.safety import CheckedFile
from documents.uploads import disk_full_is_a_validation_error

logger = logging.getLogger(__name__)


def _delete(names: Iterable[str]) -> None:
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except OSError:  # already gone, or the volume is read-only: the sweep retries
            logger.warning("Could not delete the stored file %s", name)


@contextmanager
def stored_files() -> Iterator[list[str]]:
    """Names appended to the yielded list are deleted from storage if the block raises. A full
    disk becomes the form error ``DISK_FULL_MESSAGE`` (documents/uploads.py)."""
    names: list[str] = []
    try:
        with disk_full_is_a_validation_error("files"):
            yield names
    except BaseException:
        _delete(names)
        raise


def initial_scan_status() -> str:
    from documents import scanning

    return ScanStatus.PENDING if scanning.enabled() else ScanStatus.UNSCANNED


def store_files(version: DocumentVersion, checked: list[CheckedFile],
                names: list[str]) -> list[DocumentFile]:
    """One row per checked file, its content saved under a random name (upload_to)."""
    status = initial_scan_status()
    rows = []
    for item in checked:
        row = DocumentFile(version=version, kind=item.kind, size=item.size,
                           display_name=item.display_name, content_type=item.content_type,
                           scan_status=status)
        row.file.save(item.display_name, item.content, save=False)
        names.append(row.file.name)
        row.save()
        rows.append(row)
    return rows


def unreferenced(names: Iterable[str]) -> list[str]:
    """Among stored ``names``, those no file row (content or thumbnail) uses any more."""
    wanted = {name for name in names if name}
    if not wanted:
        return []
    used = set(DocumentFile.objects.filter(file__in=wanted).values_list("file", flat=True))
    used |= set(DocumentFile.objects.filter(thumbnail__in=wanted)
                .values_list("thumbnail", flat=True))
    return sorted(wanted - used)


def _delete_if_unreferenced(names: list[str]) -> None:
    _delete(unreferenced(names))


def delete_after_commit(names: Iterable[str]) -> None:
    """Once the rows naming them are gone for good, remove the stored files."""
    transaction.on_commit(partial(_delete_if_unreferenced, sorted(set(names))))
