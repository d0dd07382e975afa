"""PDF checks: a real PDF (header and a structure pypdf can read), and no active content.

A "PDF/JS polyglot" is a file that a PDF reader opens and that also runs code: JavaScript
actions, an ``OpenAction`` or additional actions (``/AA``) that run something, launch actions,
embedded files (an executable carried inside), XFA forms, rich media, or HTML hidden in the
uncompressed bytes for a browser that would sniff it. Every object of the file is visited
(through pypdf, so names written with ``#xx`` escapes or hidden in object streams are seen too).
"""

import io
import logging
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.kinds import FileKind

logger = logging.getLogger(__name__)

MAX_OBJECTS = 200_000
# Action types that run code, open other programs or send data somewhere.
DANGEROUS_ACTIONS = {
    "/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/RichMediaExecute",
    "/Rendition", "/Movie", "/Sound", "/Hide", "/SetOCGState",
}
DANGEROUS_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia", "/XFA"}
_HTML_IN_PDF = re.compile(rb"<\s*(script|html|body|iframe|svg|object|embed)\b", re.IGNORECASE)


def looks_like(head: bytes) -> bool:
    return head.startswith(b"%PDF-")


def check(data: bytes, name: str) -> tuple[FileKind, None]:
    from pypdf import PdfReader

    if _HTML_IN_PDF.search(data):
        raise _active(name)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _decrypt_without_password(reader):
            raise ValidationError(
                _("“%(name)s” is protected by a password: send it without protection."),
                code="pdf_encrypted", params={"name": name},
            )
        if len(reader.pages) < 1:
            raise _broken(name)
        _refuse_active_content(reader, name)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on broken files
        logger.info("PDF refused as unreadable: %r", error)
        raise _broken(name) from error
    return FileKind.PDF, None


def _decrypt_without_password(reader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


def _refuse_active_content(reader, name: str) -> None:
    from pypdf.generic import IndirectObject

    roots = [reader.trailer, reader.trailer.get("/Root")]
    references: list[tuple[int, int]] = []
    for generation, numbers in reader.xref.items():
        references.extend((number, generation) for number in numbers)
    references.extend((number, 0) for number in reader.xref_objStm)
    if len(references) > MAX_OBJECTS:
        raise _broken(name)
    for number, generation in references:
        try:
            roots.append(reader.get_object(IndirectObject(number, generation, reader)))
        except Exception as error:  # an unreadable object is skipped; readers skip it too
            logger.debug("unreadable PDF object %s: %r", number, error)
    for root in roots:
        if root is not None and _contains_active(root):
            raise _active(name)


def _contains_active(obj, depth: int = 0) -> bool:
    """Walk one object's direct contents (indirect references are visited on their own)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if depth > 64 or isinstance(obj, IndirectObject):
        return False
    if isinstance(obj, DictionaryObject):
        if DANGEROUS_KEYS.intersection(obj.keys()):
            return True
        if obj.get("/Type") in ("/EmbeddedFile", "/Filespec") and "/EF" in obj:
            return True
        action = obj.get("/S")
        if isinstance(action, NameObject) and action in DANGEROUS_ACTIONS:
            return True
        if action == "/URI" and _script_uri(obj.get("/URI")):
            return True
        return any(_contains_active(value, depth + 1) for value in obj.values())
    if isinstance(obj, ArrayObject):
        return any(_contains_active(value, depth + 1) for value in obj)
    return False


def _script_uri(value) -> bool:
    """A link that runs code or reaches the reader's files instead of opening a web page."""
    try:
        text = str(value).strip().lower()
    except Exception:  # an odd object where a string belongs: not a link to follow
        return True
    return text.startswith(("javascript:", "vbscript:", "data:", "file:"))


def _broken(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a readable PDF file: it may be damaged."),
        code="pdf_invalid", params={"name": name},
    )


def _active(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” contains active content (scripts, automatic actions or embedded files), "
          "which is not accepted: export or print it again as a plain PDF."),
        code="pdf_active_content", params={"name": name},
    )
