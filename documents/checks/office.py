"""Office documents: OpenDocument (odt, ods, odp) and Office Open XML (docx, xlsx, pptx).

Both are zip files; the kind is read inside them (the ODF ``mimetype`` member, the OOXML
``[Content_Types].xml`` main part), never from the name. Zip bombs are stopped before anything
is inflated: bounded member count and declared sizes, and a bounded compression ratio (zipfile
then refuses to inflate past a member's declared size). Documents with macros (``vbaProject.bin``,
macro-enabled main parts, ODF ``Basic/`` and ``Scripts/`` folders or script event listeners) are
refused: they run code on the reader's computer.
"""

import io
import zipfile

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.kinds import FileKind

MAX_MEMBERS = 5_000
MAX_TOTAL_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200
RATIO_FREE_BYTES = 1024 * 1024
MAX_XML_PART = 10 * 1024 * 1024

ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": FileKind.ODT,
    "application/vnd.oasis.opendocument.spreadsheet": FileKind.ODS,
    "application/vnd.oasis.opendocument.presentation": FileKind.ODP,
}
OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":
        FileKind.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": FileKind.XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml":
        FileKind.PPTX,
}
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def looks_like(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def open_archive(data: bytes) -> zipfile.ZipFile:
    """Open a zip and check its bounds (shared with text extraction)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _BombError
    total = 0
    for member in members:
        total += member.file_size
        if (member.file_size > RATIO_FREE_BYTES
                and member.file_size > MAX_RATIO * max(member.compress_size, 1)):
            raise _BombError
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise _BombError
    return archive


def read_member(archive: zipfile.ZipFile, name: str, limit: int = MAX_XML_PART) -> bytes:
    """Read a member, never inflating more than ``limit`` bytes."""
    with archive.open(name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _BombError
    return data


class _BombError(Exception):
    pass


def check(data: bytes, name: str) -> tuple[FileKind, None]:
    try:
        archive = open_archive(data)
        with archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                kind = _odf_kind(archive, names, name)
            elif "[Content_Types].xml" in names:
                kind = _ooxml_kind(archive, names, name)
            else:
                raise _not_office(name)
            if archive.testzip() is not None:
                raise _broken(name)
    except _BombError as error:
        raise ValidationError(
            _("“%(name)s” unpacks to far more data than it weighs (a “zip bomb”): it is "
              "refused."),
            code="zip_bomb", params={"name": name},
        ) from error
    # What zipfile raises on a damaged or odd archive: NotImplementedError for a compression
    # method it does not know, RuntimeError for an encrypted member.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError, ElementTree.ParseError) as error:
        raise _broken(name) from error
    return kind, None


def _odf_kind(archive: zipfile.ZipFile, names: set[str], name: str) -> FileKind:
    mimetype = read_member(archive, "mimetype", 200).decode("ascii", "replace").strip()
    kind = ODF_MIMETYPES.get(mimetype)
    if kind is None:
        raise _not_office(name)
    lowered = {member.lower() for member in names}
    if any(member.startswith(("basic/", "scripts/")) for member in lowered):
        raise _macros(name)
    for part in ("content.xml", "styles.xml"):
        if part in names:
            xml = read_member(archive, part)
            if b"script:event-listener" in xml or b"vnd.sun.star.script" in xml:
                raise _macros(name)
    return kind


def _ooxml_kind(archive: zipfile.ZipFile, names: set[str], name: str) -> FileKind:
    if any(member.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for member in names):
        raise _macros(name)
    root = ElementTree.fromstring(read_member(archive, "[Content_Types].xml"))
    kind = None
    for element in root:
        content_type = element.get("ContentType", "")
        lowered = content_type.lower()
        if "macroenabled" in lowered or "vbaproject" in lowered:
            raise _macros(name)
        if element.tag == f"{_CONTENT_TYPES_NS}Override" and content_type in OOXML_MAIN_TYPES:
            part = element.get("PartName", "").lstrip("/")
            if part in names:
                kind = OOXML_MAIN_TYPES[content_type]
    if kind is None:
        raise _not_office(name)
    return kind


def _macros(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” contains macros, which are not accepted: save it again without macros "
          "(for example as .docx, .xlsx, .pptx or OpenDocument)."),
        code="macros", params={"name": name},
    )


def _not_office(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is an archive that is not an accepted document: accepted types are PDF, "
          "OpenDocument, Word, Excel, PowerPoint, text, CSV, Markdown, PNG, JPEG and WebP."),
        code="unsupported_type", params={"name": name},
    )


def _broken(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a readable document: it may be damaged."),
        code="office_invalid", params={"name": name},
    )
