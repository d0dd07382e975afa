"""Where uploaded files are stored and how they are sent back (issue 6 §4, DESIGN.md §8).

Stored names are random (a UUID under ``MEDIA_ROOT/<prefix>/``), never the name a member gave:
no path tricks, no collisions, nothing to guess. Files are never served by the web server from
MEDIA_URL; a permission-checked view sends them with ``attachment_response`` (a download, with
``nosniff``, a sandboxing CSP and an RFC 6266 file name) or, for thumbnails and images shown in
a page, with ``inline_image_response``.
"""

import logging
import os
import unicodedata
import uuid
from urllib.parse import quote

from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.cache import patch_cache_control
from django.utils.deconstruct import deconstructible

from documents.kinds import FileKind, kind_from_extension

logger = logging.getLogger(__name__)

INLINE_IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp"}


def random_upload_path(prefix: str, kind: FileKind | str | None) -> str:
    """``<prefix>/<2 hex>/<uuid hex><extension>``: random, spread over 256 folders."""
    extension = FileKind(kind).extension if kind else ""
    name = uuid.uuid4().hex
    return f"{prefix.strip('/')}/{name[:2]}/{name}{extension}"


@deconstructible(path="documents.storage.UploadTo")
class UploadTo:
    """An ``upload_to`` callable that migrations can serialize: ``upload_to("documents")``.

    The extension comes from the name given to the content when it is one of an accepted kind
    (``CheckedFile.display_name`` ends with the detected kind's extension; a thumbnail is named
    ``thumbnail.webp``), otherwise from the instance's ``kind`` attribute; the rest of the name
    is random.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        kind = kind_from_extension(filename or "")
        if kind is None and getattr(instance, "kind", None) in FileKind.values:
            kind = instance.kind
        return random_upload_path(self.prefix, kind)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadTo) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def upload_to(prefix: str) -> UploadTo:
    """For ``models.FileField(upload_to=upload_to("documents"))``."""
    return UploadTo(prefix)


def content_disposition(disposition: str, filename: str) -> str:
    """An RFC 6266 header value: an ASCII ``filename`` fallback for old clients and the exact
    name as ``filename*`` (RFC 5987, UTF-8, percent-encoded)."""
    cleaned = "".join(
        char for char in unicodedata.normalize("NFC", filename)
        if unicodedata.category(char)[0] != "C"
    ).strip() or "document"
    ascii_name = (
        unicodedata.normalize("NFKD", cleaned).encode("ascii", "ignore").decode("ascii")
    )
    ascii_name = "".join(
        "_" if char in '"\\;%' or not char.isprintable() else char for char in ascii_name
    ).strip()
    stem, dot, extension = ascii_name.rpartition(".")
    if not ascii_name or (dot and not stem.strip(" ._")):
        # Nothing left of a name in another script ("報告.pdf"): a readable fallback.
        ascii_name = f"document.{extension}" if dot else "document"
    return (
        f'{disposition}; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(cleaned, safe='')}"
    )


def _protect(response: FileResponse, *, max_age: int) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    # Even opened directly, a file can run nothing and reach nothing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    patch_cache_control(response, private=True, max_age=max_age)
    return response


def attachment_response(file, *, filename: str, content_type: str) -> FileResponse:
    """Send a stored file as a download (``Content-Disposition: attachment``).

    ``file`` is a ``FieldFile`` or any open file; the caller has already checked that the user
    may see it. Responses may be cached by the user's browser only (``private``), never by a
    shared proxy.
    """
    if isinstance(file, FieldFile):
        file.open("rb")
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = content_disposition("attachment", filename)
    return _protect(response, max_age=0)


def inline_image_response(file, *, filename: str, content_type: str) -> FileResponse:
    """Send an image (a thumbnail, a re-encoded picture) to be shown in a page.

    Only re-encoded image types are sent inline; anything else falls back to a download.
    """
    if content_type not in INLINE_IMAGE_TYPES:
        return attachment_response(file, filename=filename, content_type=content_type)
    if isinstance(file, FieldFile):
        file.open("rb")
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = content_disposition("inline", filename)
    return _protect(response, max_age=3600)


def delete_files_on_commit(*files: FieldFile) -> None:
    """Remove stored files once the transaction that deleted their rows commits (a rolled
    back delete keeps them). Missing files are ignored."""
    targets = [(file.storage, file.name) for file in files if file and file.name]

    def delete() -> None:
        for storage, name in targets:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("could not delete stored file %s", name, exc_info=True)

    transaction.on_commit(delete)


class WholeFileSystemStorage(FileSystemStorage):
    """Django's file system storage, except that a write that fails (the disk full, ENOSPC)
    removes what it wrote instead of leaving a truncated file under the new name."""

    def _save(self, name: str, content) -> str:
        existed = self.exists(name)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed:
                try:
                    os.remove(self.path(name))
                except FileNotFoundError:
                    pass
                except OSError:
                    logger.warning("Could not remove the partial file %s", name, exc_info=True)
            raise
