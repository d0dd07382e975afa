"""Upload safety (issue 6 §4): every file a member sends passes through ``check_upload``.

The type of a file is decided by its content, never by its name or the content type the browser
claims: a PDF must start with ``%PDF-`` and parse with pypdf, without JavaScript, launch actions
or embedded files; an office document must be a well-formed zip with the right
``mimetype``/``[Content_Types].xml`` and no macros, within bounds that stop zip bombs; an image
must decode with Pillow and is re-encoded (metadata dropped, orientation applied); text must be
UTF-8 (or Windows-1252, which spreadsheets still write) without anything a browser could take
for HTML. Every refusal is a ``ValidationError`` with a French message and a ``code``; the
checks live in ``documents/checks/``.

Usage from a form or a service::

    checked = check_uploads(request.FILES.getlist("files"))   # all or nothing
    check_quota(used_bytes=used, incoming_bytes=sum(c.size for c in checked))
    for item in checked:
        stored.file.save(item.display_name, item.content)       # upload_to gives a random name
"""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from documents.kinds import FileKind, kind_from_extension

__all__ = [
    "CheckedFile", "FileKind", "check_quota", "check_upload", "check_uploads",
    "clean_display_name", "max_upload_bytes",
]

MAX_NAME_LENGTH = 120
_HEAD_BYTES = 8192
# Microsoft's compound file: .doc/.xls/.ppt, and encrypted .docx/.xlsx/.pptx (macros inside).
_OLE_COMPOUND = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_EXTENSION_LIKE = re.compile(r"^\.[A-Za-z0-9]{1,5}$")


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check, ready to be saved in a ``FileField``.

    ``content`` is what to store: for images the re-encoded picture, for text the UTF-8 text,
    otherwise the original bytes; ``size`` is its length. ``display_name`` is safe to show and
    to offer as a download name (no path, no control characters, bounded, extension matching
    ``kind``); the stored name is always random (documents/storage.py).
    """

    kind: FileKind
    content: File
    size: int
    display_name: str
    content_type: str


def max_upload_bytes() -> int:
    return settings.DOCUMENTS_MAX_UPLOAD_BYTES


DISK_FULL_MESSAGE = gettext_lazy("The server could not store the file (not enough disk space). "
                          "Nothing was saved; try again later.")


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Check one uploaded file and return what may be stored, or raise ``ValidationError``."""
    from documents.checks import images, office, pdf, text

    raw_name = getattr(upload, "name", "") or ""
    shown = clean_display_name(raw_name)
    if getattr(upload, "disk_full", False):  # documents.uploads.DiskFullUpload
        raise ValidationError(DISK_FULL_MESSAGE, code="disk_full")
    size = upload.size if upload.size is not None else 0
    if size <= 0:
        raise ValidationError(
            _("“%(name)s” is empty: choose a file with content."),
            code="empty", params={"name": shown},
        )
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s): files may not exceed %(limit)s."),
            code="too_large",
            params={"name": shown, "size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    data = _read_bounded(upload, limit, shown)
    if not data:
        raise ValidationError(
            _("“%(name)s” is empty: choose a file with content."),
            code="empty", params={"name": shown},
        )

    head = data[:_HEAD_BYTES]
    if pdf.looks_like(head):
        kind, content = pdf.check(data, shown)
    elif office.looks_like(head):
        kind, content = office.check(data, shown)
    elif images.looks_like(head):
        kind, content = images.check(data, shown)
    elif head.startswith(_OLE_COMPOUND):
        raise ValidationError(
            _("“%(name)s” is in an old Office format (.doc, .xls, .ppt) or is protected by a "
              "password: save it as .docx, .xlsx, .pptx or OpenDocument, without a password."),
            code="legacy_office", params={"name": shown},
        )
    elif images.is_other_image(head):
        raise ValidationError(
            _("“%(name)s” is an image in a format that is not accepted: use PNG, JPEG or WebP."),
            code="image_format", params={"name": shown},
        )
    else:
        kind, content = text.check(data, shown, hint=kind_from_extension(raw_name))

    display_name = clean_display_name(raw_name, kind=kind)
    if content is None:
        # Unchanged: store the upload itself rather than a second copy in memory.
        upload.seek(0)
        content = File(upload, name=display_name)
    else:
        content = ContentFile(content, name=display_name)
    return CheckedFile(
        kind=kind, content=content, size=content.size, display_name=display_name,
        content_type=kind.content_type,
    )


def check_uploads(uploads: list[UploadedFile]) -> list[CheckedFile]:
    """Check the files of one request, all or nothing: one refused file refuses them all, with
    every file's error listed, so that nothing is stored half way."""
    maximum = settings.DOCUMENTS_MAX_FILES_PER_REQUEST
    if len(uploads) > maximum:
        raise ValidationError(
            ngettext(
                "You sent %(count)d files: at most %(max)d file may be sent at once.",
                "You sent %(count)d files: at most %(max)d files may be sent at once.",
                maximum,
            ),
            code="too_many_files", params={"count": len(uploads), "max": maximum},
        )
    checked: list[CheckedFile] = []
    errors: list[ValidationError] = []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return checked


def check_quota(*, used_bytes: int, incoming_bytes: int) -> None:
    """Refuse an upload that would take a member past ``DOCUMENTS_MEMBER_QUOTA_BYTES``
    (0 means no quota). The caller sums what the member already stores."""
    quota = settings.DOCUMENTS_MEMBER_QUOTA_BYTES
    if quota and used_bytes + incoming_bytes > quota:
        raise ValidationError(
            _("Not enough storage space: these files take %(incoming)s and you already use "
              "%(used)s of your %(quota)s. Delete files you no longer need, or send fewer."),
            code="quota",
            params={
                "incoming": filesizeformat(incoming_bytes),
                "used": filesizeformat(used_bytes),
                "quota": filesizeformat(quota),
            },
        )


def clean_display_name(name: str, *, kind: FileKind | None = None) -> str:
    """A file name safe to show and to offer for download.

    Keeps the last path part only (``../../etc/passwd`` -> ``passwd``), drops control and
    formatting characters (including right-to-left overrides that disguise an extension) and
    characters that file systems refuse, folds whitespace, removes leading dots, bounds the
    length and, given a ``kind``, makes the extension that of the detected kind. An empty
    result becomes « document ».
    """
    name = unicodedata.normalize("NFC", str(name))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(
        char for char in name if unicodedata.category(char)[0] != "C" or char in "\t\n"
    )
    name = _UNSAFE_NAME_CHARS.sub("_", name)
    name = _SPACES.sub(" ", name).strip().lstrip(".").strip()

    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    else:
        extension = "." + extension
    if kind is not None:
        if extension.lower() in kind.extensions:
            extension = extension.lower()
        else:
            if extension and not _EXTENSION_LIKE.match(extension):
                stem, extension = name, ""
            extension = kind.extension
    elif extension and not _EXTENSION_LIKE.match(extension):
        stem, extension = name, ""
    stem = stem.strip().rstrip(".").strip()
    if not stem:
        stem = _("document")
    stem = stem[: MAX_NAME_LENGTH - len(extension)].rstrip()
    return f"{stem}{extension.lower()}"


def _read_bounded(upload: UploadedFile, limit: int, shown: str) -> bytes:
    """Read at most ``limit`` bytes; a file longer than it claimed is refused as too large."""
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("“%(name)s” is too large: files may not exceed %(limit)s."),
            code="too_large", params={"name": shown, "limit": filesizeformat(limit)},
        )
    return data
