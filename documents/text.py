"""Text extraction for search (issue 6 §3): PDF through pypdfium2, office documents by reading
their XML parts with defusedxml (no office suite, no code run, no external entities), text kinds
as they are. Bounded by ``limit`` characters; a broken file gives "" (logged), never an error.
"""

import logging
import re

from documents.content import PDFIUM_LOCK, as_bytes
from documents.kinds import TEXT_KINDS, FileKind

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 2_000
_BLANKS = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def extract_text(content, kind: FileKind | str, *, limit: int = 200_000) -> str:
    """The readable text of a file, whitespace folded, at most ``limit`` characters."""
    try:
        kind = FileKind(kind)
        data = as_bytes(content)
        if kind == FileKind.PDF:
            text = _pdf(data, limit)
        elif kind in TEXT_KINDS:
            text = data[: limit * 4].decode("utf-8", "replace")
        elif kind == FileKind.DOCX:
            text = _xml_parts(data, ["word/document.xml"], {W + "t"}, {W + "p", W + "tab"}, limit)
        elif kind == FileKind.PPTX:
            text = _xml_parts(data, _numbered(data, "ppt/slides/slide"), {A + "t"}, {A + "p"},
                              limit)
        elif kind == FileKind.XLSX:
            text = _xml_parts(data, ["xl/sharedStrings.xml"], {S + "t"}, {S + "si"}, limit)
        elif kind in (FileKind.ODT, FileKind.ODS, FileKind.ODP):
            text = _odf(data, limit)
        else:
            return ""
    except Exception:
        logger.warning("no text extracted from a %s file", kind, exc_info=True)
        return ""
    return _fold(text)[:limit]


def _fold(text: str) -> str:
    text = _BLANKS.sub(" ", text.replace("\x00", ""))
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", lines).strip()


def _pdf(data: bytes, limit: int) -> str:
    import pypdfium2

    parts: list[str] = []
    total = 0
    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(data)
        try:
            for index in range(min(len(document), MAX_PDF_PAGES)):
                page = document[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        chunk = textpage.get_text_bounded()
                    finally:
                        textpage.close()
                finally:
                    page.close()
                parts.append(chunk)
                total += len(chunk)
                if total >= limit:
                    break
        finally:
            document.close()
    return "\n\n".join(parts)


def _numbered(data: bytes, prefix: str) -> list[str]:
    """Parts such as ``ppt/slides/slide3.xml`` in their numeric order."""
    from documents.checks.office import open_archive

    with open_archive(data) as archive:
        names = [
            name for name in archive.namelist()
            if name.startswith(prefix) and name.endswith(".xml")
            and name[len(prefix):-4].isdigit()
        ]
    return sorted(names, key=lambda name: int(name[len(prefix):-4]))


def _xml_parts(data: bytes, parts: list[str], text_tags: set[str], break_tags: set[str],
               limit: int) -> str:
    """Stream the text of some XML parts: text of ``text_tags``, a line break after each of
    ``break_tags``; stops at ``limit``."""
    from defusedxml.ElementTree import iterparse

    from documents.checks.office import MAX_XML_PART, open_archive

    pieces: list[str] = []
    total = 0
    with open_archive(data) as archive:
        names = set(archive.namelist())
        for part in parts:
            if part not in names or archive.getinfo(part).file_size > MAX_XML_PART * 5:
                continue
            with archive.open(part) as handle:
                for _event, element in iterparse(handle, events=("end",)):
                    if element.tag in text_tags and element.text:
                        pieces.append(element.text)
                        total += len(element.text)
                    elif element.tag in break_tags:
                        pieces.append("\n" if element.tag.endswith("}p") or
                                      element.tag.endswith("}si") else " ")
                        element.clear()
                    if total >= limit:
                        return "".join(pieces)
            pieces.append("\n\n")
    return "".join(pieces)


def _odf(data: bytes, limit: int) -> str:
    from defusedxml.ElementTree import iterparse

    from documents.checks.office import MAX_XML_PART, open_archive

    pieces: list[str] = []
    total = 0
    with open_archive(data) as archive:
        if archive.getinfo("content.xml").file_size > MAX_XML_PART * 5:
            return ""
        with archive.open("content.xml") as handle:
            for _event, element in iterparse(handle, events=("end",)):
                if element.tag in (ODF_TEXT + "p", ODF_TEXT + "h"):
                    text = "".join(element.itertext())
                    pieces.append(text + "\n")
                    total += len(text)
                    element.clear()
                    if total >= limit:
                        break
    return "".join(pieces)
