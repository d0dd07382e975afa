"""Form fields for uploads: several files in one input, checked by documents.safety.

``CheckedFilesField`` cleans to ``list[CheckedFile]`` (all or nothing, French errors), so a form
never hands unchecked files to a service::

    class AttachForm(forms.Form):
        files = CheckedFilesField(label=_("Files"), required=False)

The form must be bound with ``request.FILES`` and rendered with
``enctype="multipart/form-data"``.

``SizeLimitUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) keeps an oversized file from
filling the disk while the request is read.

A full disk loses nothing and explains itself: ``DiskSafeTemporaryFileUploadHandler`` removes a
temporary file it could not finish and hands the form a ``DiskFullUpload``, which the field
refuses with ``DISK_FULL_MESSAGE``; a file that cannot be stored is removed by the storage
(``documents.storage.WholeFileSystemStorage``) and turned into the same form error by
``disk_full_is_a_validation_error`` around the services' writes (the transaction rolls back:
no row either).
"""

import errno
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler
from django.utils.translation import gettext_lazy as _

from documents.safety import DISK_FULL_MESSAGE, CheckedFile, check_uploads

logger = logging.getLogger(__name__)

DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS


@contextmanager
def disk_full_is_a_validation_error(field: str | None = None) -> Iterator[None]:
    """Around a write of files: a full disk becomes the form error ``DISK_FULL_MESSAGE``, on
    ``field`` when given (so that a form showing files "already received" does not try to
    keep them on the same full disk)."""
    try:
        yield
    except OSError as error:
        if not is_disk_full(error):
            raise
        logger.error("Upload refused: the disk is full (%s)", error)
        refusal = forms.ValidationError(DISK_FULL_MESSAGE, code="disk_full")
        raise (forms.ValidationError({field: [refusal]}) if field else refusal) from error


ACCEPT = ",".join([
    ".pdf", ".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx", ".txt", ".csv", ".md",
    ".png", ".jpg", ".jpeg", ".webp",
])
ACCEPT_IMAGES = ".png,.jpg,.jpeg,.webp"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedFilesField(forms.FileField):
    """Zero or more files in one input, cleaned to a list of ``CheckedFile``."""

    widget = MultipleFileInput

    def __init__(self, *, accept: str = ACCEPT, **kwargs) -> None:
        kwargs.setdefault("help_text", _(
            "PDF, office documents (OpenDocument, Word, Excel, PowerPoint), text, CSV, "
            "Markdown or PNG, JPEG, WebP images; at most %(count)d files of %(size)d MB each."
        ) % {"count": settings.DOCUMENTS_MAX_FILES_PER_REQUEST,
             "size": settings.DOCUMENTS_MAX_UPLOAD_BYTES // (1024 * 1024)})
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", accept)
        self.widget.attrs.setdefault("multiple", True)

    def to_python(self, data):
        return data

    def clean(self, data, initial=None) -> list[CheckedFile]:
        uploads = [item for item in (data if isinstance(data, (list, tuple)) else [data])
                   if item]
        if not uploads:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return check_uploads(uploads)


class OversizedUpload(UploadedFile):
    """Stands for a file that passed the size limit while it was received: it has a name and
    the size seen, no content. ``check_upload`` refuses it as too large without reading it."""

    def __init__(self, name: str, content_type: str, size: int, charset: str | None) -> None:
        super().__init__(io.BytesIO(b""), name, content_type, size, charset)


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops passing a file's bytes on once it exceeds ``DOCUMENTS_MAX_UPLOAD_BYTES``.

    Django writes uploads to memory or to a temporary file as they arrive, before any view
    runs: without this, a member could fill the disk with one huge file. Past the limit the
    next handlers (memory, temporary file) receive nothing more, and the view gets an
    ``OversizedUpload`` that the checks refuse with their usual French message. The body is
    still read to its end: a front proxy's body size limit saves the bandwidth.
    """

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.seen = 0
        self.limit = settings.DOCUMENTS_MAX_UPLOAD_BYTES

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.seen += len(raw_data)
        return None if self.seen > self.limit else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.seen > self.limit:
            return OversizedUpload(self.file_name, self.content_type, self.seen, self.charset)
        return None


class DiskFullUpload(UploadedFile):
    """Stands for a file the disk had no room for while the request was read: no content;
    ``check_upload`` refuses it with ``DISK_FULL_MESSAGE``."""

    disk_full = True

    def __init__(self, name: str, content_type: str, charset: str | None) -> None:
        super().__init__(io.BytesIO(b""), name, content_type, 0, charset)


class DiskSafeTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary file handler, except that a full disk (ENOSPC) neither answers a bare
    500 nor leaves a partial temporary file: the file is closed and removed, the rest of it is
    skipped, and the form gets a ``DiskFullUpload``."""

    def new_file(self, *args, **kwargs) -> None:
        self.disk_full = False
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self.disk_full:
            return None
        try:
            return super().receive_data_chunk(raw_data, start)
        except OSError as error:
            if not is_disk_full(error):
                raise
            logger.error("Upload of %s stopped: the disk is full", self.file_name)
            self.disk_full = True
            self.file.close()  # a NamedTemporaryFile: closing removes it
            return None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.disk_full:
            return DiskFullUpload(self.file_name, self.content_type, self.charset)
        return super().file_complete(file_size)
