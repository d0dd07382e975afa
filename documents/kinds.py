"""The file kinds the platform accepts (issue 6 §4), with their content type and extension.

``FileKind`` is a ``TextChoices`` so that models can store it in a ``CharField(choices=FileKind)``.
A kind is always decided from the file's content (documents/safety.py), never from its name.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    ODT = "odt", _("OpenDocument text")
    ODS = "ods", _("OpenDocument spreadsheet")
    ODP = "odp", _("OpenDocument presentation")
    DOCX = "docx", _("Word document")
    XLSX = "xlsx", _("Excel spreadsheet")
    PPTX = "pptx", _("PowerPoint presentation")
    TXT = "txt", _("Text")
    CSV = "csv", "CSV"
    MD = "md", "Markdown"
    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG image")
    WEBP = "webp", _("WebP image")

    @property
    def content_type(self) -> str:
        """The MIME type sent with the file (text kinds are always stored as UTF-8)."""
        return CONTENT_TYPES[self]

    @property
    def extension(self) -> str:
        """The canonical extension, with its dot: ``.pdf``, ``.jpg``..."""
        return EXTENSIONS[self][0]

    @property
    def extensions(self) -> tuple[str, ...]:
        """Every extension a user may give this kind (``.jpg`` and ``.jpeg``...)."""
        return EXTENSIONS[self]

    @property
    def is_image(self) -> bool:
        return self in IMAGE_KINDS

    @property
    def is_text(self) -> bool:
        return self in TEXT_KINDS

    @property
    def is_office(self) -> bool:
        return self in ODF_KINDS or self in OOXML_KINDS


CONTENT_TYPES: dict[str, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
    FileKind.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileKind.ODP: "application/vnd.oasis.opendocument.presentation",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileKind.TXT: "text/plain; charset=utf-8",
    FileKind.CSV: "text/csv; charset=utf-8",
    FileKind.MD: "text/markdown; charset=utf-8",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.WEBP: "image/webp",
}

EXTENSIONS: dict[str, tuple[str, ...]] = {
    FileKind.PDF: (".pdf",),
    FileKind.ODT: (".odt",),
    FileKind.ODS: (".ods",),
    FileKind.ODP: (".odp",),
    FileKind.DOCX: (".docx",),
    FileKind.XLSX: (".xlsx",),
    FileKind.PPTX: (".pptx",),
    FileKind.TXT: (".txt", ".text"),
    FileKind.CSV: (".csv",),
    FileKind.MD: (".md", ".markdown"),
    FileKind.PNG: (".png",),
    FileKind.JPEG: (".jpg", ".jpeg"),
    FileKind.WEBP: (".webp",),
}

IMAGE_KINDS = frozenset({FileKind.PNG, FileKind.JPEG, FileKind.WEBP})
TEXT_KINDS = frozenset({FileKind.TXT, FileKind.CSV, FileKind.MD})
ODF_KINDS = frozenset({FileKind.ODT, FileKind.ODS, FileKind.ODP})
OOXML_KINDS = frozenset({FileKind.DOCX, FileKind.XLSX, FileKind.PPTX})


def kind_from_extension(name: str) -> FileKind | None:
    """The kind whose extension ends ``name``; used only to pick among text kinds, and to name
    stored files, never to decide whether content is acceptable."""
    lowered = name.lower()
    for kind, extensions in EXTENSIONS.items():
        if lowered.endswith(extensions):
            return FileKind(kind)
    return None
