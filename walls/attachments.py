"""Attachments of wall posts (issue 5 §1): image and file attachments under the document rules.

Files reach this module already checked by ``documents.safety.check_uploads`` (type by content,
size and count limits, images re-encoded). Here they are counted in the author's storage quota
(the documents library's files plus their wall attachments), stored under random names with the
post, all or nothing, and scanned when a clamd address is configured (documents.scanning):
until the scan says clean, a file is not offered. Thumbnails are drawn at once for images.
Deleting a post (or a row) removes the stored files once the deletion commits.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Sum
from django.db.models.signals import post_delete

from documents import quota, scanning
from documents.models import ScanStatus
from documents.previews import make_thumbnail
from documents.safety import CheckedFile, check_quota
from documents.uploads import disk_full_is_a_validation_error
from walls.models import Post, PostAttachment

logger = logging.getLogger(__name__)


# --- Reads ------------------------------------------------------------------------------------
def attachment_bytes(member) -> int:
    """What ``member``'s posts carry, counted in their quota (documents/quota.py)."""
    return PostAttachment.objects.filter(post__author=member).aggregate(
        total=Sum("size"))["total"] or 0


def attach_files(posts: Sequence[Post], user) -> None:
    """Give each post ``attachment_list`` (one query for the whole page) and
    ``attachments_open``: whether ``user`` may open them (walls/permissions.py
    ``can_download_attachment``: a published post, or a moderator)."""
    if not posts:
        return
    from walls.permissions import can_moderate_walls

    moderator = can_moderate_walls(user)
    by_post: dict[int, list[PostAttachment]] = defaultdict(list)
    rows = PostAttachment.objects.filter(post__in=[post.pk for post in posts]).order_by(
        "post", "position", "pk")
    for row in rows:
        by_post[row.post_id].append(row)
    for post in posts:
        for row in by_post.get(post.pk, []):
            row.post = post
        post.attachment_list = by_post.get(post.pk, [])
        post.attachments_open = post.is_published or moderator


# --- Writes -----------------------------------------------------------------------------------
def _delete_names(names: Sequence[str]) -> None:
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("could not delete the stored file %s", name, exc_info=True)


@contextmanager
def storing(*, actor, files: Sequence[CheckedFile]) -> Iterator[Callable[[Post], None]]:
    """Around the creation of a post: refuses files past the author's quota before anything is
    written, then yields ``store(post)``. If the block fails, the files already written are
    deleted again (a rolled-back transaction does not remove files from disk)."""
    files = list(files)
    if files:
        check_quota(used_bytes=quota.used_bytes(actor),
                    incoming_bytes=sum(f.size for f in files))
    names: list[str] = []

    def store(post: Post) -> None:
        _store(post, files, names)

    try:
        with disk_full_is_a_validation_error():  # a full disk: a French form error
            yield store
    except BaseException:
        _delete_names(names)
        raise


def _store(post: Post, files: list[CheckedFile], names: list[str]) -> None:
    if not files:
        return
    status = ScanStatus.PENDING if scanning.enabled() else ScanStatus.UNSCANNED
    created = []
    for position, item in enumerate(files):
        row = PostAttachment(post=post, kind=item.kind, size=item.size,
                             display_name=item.display_name, content_type=item.content_type,
                             scan_status=status, position=position)
        row.file.save(item.display_name, item.content, save=False)
        names.append(row.file.name)
        # Only images are shown as pictures on the wall; other files are links.
        thumbnail = make_thumbnail(item.content, item.kind) if item.kind.is_image else None
        if thumbnail is not None:
            row.thumbnail.save("thumbnail.webp", thumbnail, save=False)
            names.append(row.thumbnail.name)
        row.save()
        created.append(row.pk)
    if status == ScanStatus.PENDING:
        from walls.tasks import scan_attachments

        transaction.on_commit(lambda: scan_attachments.enqueue(created))


def attachments_delete(*, post: Post) -> None:
    """Remove a post's attachments: rows now, stored files once this commits."""
    PostAttachment.objects.filter(post=post).delete()  # the post_delete signal: files


def attachment_scan(*, attachment_id: int) -> str:
    """Scan one attachment waiting for it; an infected file's content is removed at once. A
    file the scanner could not reach stays pending (tried again later)."""
    row = PostAttachment.objects.filter(pk=attachment_id).first()
    if row is None or row.scan_status != ScanStatus.PENDING:
        return row.scan_status if row else ""
    with row.file.open("rb") as handle:
        result = scanning.scan(handle)
    if result.status == scanning.Verdict.INFECTED:
        logger.warning("infected wall attachment %s blocked (%s)", row.pk, result.signature)
        status = ScanStatus.INFECTED
        names = [row.file.name, row.thumbnail.name]
        PostAttachment.objects.filter(pk=row.pk).update(scan_status=status, thumbnail="")
        transaction.on_commit(lambda: _delete_names(names))
    elif result.status == scanning.Verdict.CLEAN:
        status = ScanStatus.CLEAN if result.scanned else ScanStatus.UNSCANNED
        PostAttachment.objects.filter(pk=row.pk).update(scan_status=status)
    else:
        status = ScanStatus.PENDING
    return status


def _files_of_deleted_row(sender, instance: PostAttachment, **kwargs) -> None:
    names = [instance.file.name, instance.thumbnail.name]
    transaction.on_commit(lambda: _delete_names(names))


def connect_signals() -> None:
    """Any deletion of an attachment row (a deleted post, a cascade) removes its files once it
    commits; walls/apps.py connects it."""
    post_delete.connect(_files_of_deleted_row, sender=PostAttachment,
                        dispatch_uid="walls_attachment_files")
